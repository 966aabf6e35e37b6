import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '../config/app-config';
import { graphqlOptions } from './graphql-options';

/** The portal's API: code-first schema from the feature modules' resolvers. */
@Module({})
export class GraphqlModule {
  static forRoot(): DynamicModule {
    return {
      module: GraphqlModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => graphqlOptions(config),
        }),
      ],
    };
  }
}
