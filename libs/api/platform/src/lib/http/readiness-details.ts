import { Injectable, Logger } from '@nestjs/common';

/** A section of `/readyz` owned by a feature lib (the platform cannot know what the gateway's routes are). */
export type ReadinessSection = () => Promise<Record<string, unknown>> | Record<string, unknown>;

/** How long one section may take: `/readyz` must answer even when a section's source hangs. */
const SECTION_TIMEOUT_MS = 1000;

/**
 * Operator detail for `/readyz`, contributed by feature libs at start-up (`register` in `onModuleInit`).
 * Sections inform; only the database decides whether the instance is ready.
 */
@Injectable()
export class ReadinessDetails {
  private readonly logger = new Logger('ReadinessDetails');
  private readonly sections = new Map<string, ReadinessSection>();

  register(name: string, section: ReadinessSection): void {
    this.sections.set(name, section);
  }

  async collect(): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      [...this.sections].map(async ([name, section]) => [name, await this.run(name, section)] as const),
    );
    return Object.fromEntries(entries);
  }

  private async run(name: string, section: ReadinessSection): Promise<Record<string, unknown>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), SECTION_TIMEOUT_MS);
    });
    try {
      return await Promise.race([Promise.resolve().then(section), timeout]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'failed';
      this.logger.warn(`readiness section ${name} could not be read: ${reason}`);
      return { error: reason };
    } finally {
      clearTimeout(timer);
    }
  }
}
