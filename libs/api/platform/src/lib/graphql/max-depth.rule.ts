import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

/**
 * Refuses an operation whose fields nest deeper than `maxDepth` (root fields are at depth 0;
 * introspection fields `__*` and what is below them do not count).
 *
 * Walks the document with its own stack, never recursing or spreading a selection list into
 * arguments, so a very wide or very deep document cannot overflow the call stack; each fragment is
 * expanded at most once per depth, which also ends cycles (reported by graphql's own rule).
 */
export function maxDepthRule(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      }
      /** The deepest depth each fragment was expanded at: expanding it again no deeper adds nothing. */
      const expandedAt = new Map<string, number>();
      const stack: Array<{ set: SelectionSetNode; depth: number }> = [{ set: operation.selectionSet, depth: 0 }];
      while (stack.length > 0) {
        const { set, depth } = stack.pop() as { set: SelectionSetNode; depth: number };
        for (const selection of set.selections) {
          if (selection.kind === Kind.FIELD) {
            if (selection.name.value.startsWith('__')) continue;
            if (depth > maxDepth) {
              const name = operation.name?.value ?? '';
              context.reportError(
                new GraphQLError(`'${name}' exceeds maximum operation depth of ${maxDepth}`, { nodes: selection }),
              );
              return false;
            }
            if (selection.selectionSet) stack.push({ set: selection.selectionSet, depth: depth + 1 });
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            stack.push({ set: selection.selectionSet, depth });
          } else {
            const fragment = fragments.get(selection.name.value);
            if (!fragment || (expandedAt.get(fragment.name.value) ?? -1) >= depth) continue;
            expandedAt.set(fragment.name.value, depth);
            stack.push({ set: fragment.selectionSet, depth });
          }
        }
      }
      return false;
    },
  });
}
