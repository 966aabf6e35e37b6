export { NotificationsModule } from './lib/notifications.module';
export { NotificationsService } from './lib/notifications.service';
export type { LowBalanceNotice } from './lib/notifications.service';
