export { NotificationsModule } from './lib/notifications.module';
export { notificationsConfig } from './lib/notifications.config';
export type { NotificationsConfig } from './lib/notifications.config';
export { NotificationsService } from './lib/notifications.service';
export type { LowBalanceNotice } from './lib/notifications.service';
