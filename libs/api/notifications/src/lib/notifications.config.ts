import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { configValues, defineConfig } from '@vipcloud/platform';

/** Outgoing email: SMTP when configured, otherwise `.eml` files under DATA_DIR/outbox. */
export const notificationsConfig = defineConfig(
  'notifications',
  {
    /** An smtp(s):// URL; without it, mail is written as .eml files to DATA_DIR/outbox. */
    SMTP_URL: configValues.optionalUrl(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL'),
    MAIL_FROM: z.string().default('VIPCloud <no-reply@vipcloud.dev>'),
  },
  (vars) => ({ smtpUrl: vars.SMTP_URL, mailFrom: vars.MAIL_FROM }),
);

export type NotificationsConfig = ReturnType<typeof notificationsConfig.read>;

/** Injects the notifications lib's settings. */
export const InjectNotificationsConfig = (): ParameterDecorator => Inject(notificationsConfig.token);
