import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Bytes a chunk holds: under MySQL's BLOB limit (65,535), so one column type serves both databases. */
export const DATA_EXPORT_CHUNK_BYTES = 60_000;

/**
 * The ZIP of a data export, in pieces, in the database: every API instance can serve the download,
 * whichever instance (or worker) built it, with no shared disk to set up. Deleted with the export.
 */
@Entity({ name: 'privacy_data_export_chunks' })
export class DataExportChunkEntity {
  @PrimaryColumn({ name: 'export_id', type: 'varchar', length: 36 })
  exportId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'blob' })
  data!: Buffer;
}
