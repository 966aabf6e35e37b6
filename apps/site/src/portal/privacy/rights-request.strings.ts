/**
 * Names of rights requests' types and statuses, shared by the privacy centre (a user's own requests)
 * and the support queue.
 */
import type { RightsRequestStatus, RightsRequestType } from '../graphql/generated/graphql';
import { defineStrings } from '../lib/portal-locale';

export const rightsRequestText = defineStrings<`type.${RightsRequestType}` | `status.${RightsRequestStatus}`>(
  {
    'type.ACCESS': 'Access',
    'type.EXPORT': 'Export',
    'type.CORRECTION': 'Correction',
    'type.DELETION': 'Deletion (account closure)',
    'type.OBJECTION': 'Objection to processing',
    'type.CONSENT_WITHDRAWAL': 'Consent withdrawal',
    'type.UNDERAGE_REPORT': 'Report of an under-18 account',
    'type.OTHER': 'Other',
    'status.OPEN': 'Open',
    'status.IN_PROGRESS': 'In progress',
    'status.COMPLETED': 'Completed',
    'status.REJECTED': 'Rejected',
    'status.CANCELLED': 'Cancelled',
  },
  {
    'type.ACCESS': '查阅',
    'type.EXPORT': '导出',
    'type.CORRECTION': '更正',
    'type.DELETION': '删除（注销账户）',
    'type.OBJECTION': '反对处理',
    'type.CONSENT_WITHDRAWAL': '撤回同意',
    'type.UNDERAGE_REPORT': '未满 18 岁账户举报',
    'type.OTHER': '其他',
    'status.OPEN': '待处理',
    'status.IN_PROGRESS': '处理中',
    'status.COMPLETED': '已完成',
    'status.REJECTED': '已拒绝',
    'status.CANCELLED': '已取消',
  },
);

export const RIGHTS_REQUEST_TYPES: readonly RightsRequestType[] = [
  'ACCESS',
  'EXPORT',
  'CORRECTION',
  'DELETION',
  'OBJECTION',
  'CONSENT_WITHDRAWAL',
  'UNDERAGE_REPORT',
  'OTHER',
];

export const RIGHTS_REQUEST_STATUSES: readonly RightsRequestStatus[] = [
  'OPEN',
  'IN_PROGRESS',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
];
