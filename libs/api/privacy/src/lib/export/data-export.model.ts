import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DATA_EXPORT_STATUSES, type DataExportStatus } from './data-export.entity';

/** The statuses as a GraphQL enum whose values are their own names. */
export const DataExportStatusEnum = Object.fromEntries(DATA_EXPORT_STATUSES.map((s) => [s, s])) as {
  [S in DataExportStatus]: S;
};
registerEnumType(DataExportStatusEnum, {
  name: 'DataExportStatus',
  description: 'QUEUED and BUILDING while the job runs; READY to download; FAILED; EXPIRED once the file is deleted.',
});

@ObjectType('DataExport', { description: 'An export of your personal data: a ZIP of JSON and CSV files.' })
export class DataExportModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DataExportStatusEnum)
  status!: DataExportStatus;

  @Field(() => Int, { description: 'Percent done, 0–100.' })
  progress!: number;

  @Field()
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  readyAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the download stops working and the file is deleted.' })
  expiresAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where to download it with your session (a GET), while it is READY.',
  })
  downloadUrl!: string | null;
}
