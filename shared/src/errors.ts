// Every error the API returns carries one of these codes and a Chinese message.
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  BAD_JSON: { status: 400, message: '请求格式不正确' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  TOKEN_INVALID: { status: 401, message: '登录凭证无效，请重新登录' },
  REFRESH_REUSED: { status: 401, message: '登录凭证已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '没有找到相关内容' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持的请求方式' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后重试' },
  ALREADY_MEMBER: { status: 409, message: '您已经是该组织的成员' },
  NODE_KIND_NOT_ALLOWED: { status: 400, message: '该类型的组织不能建在这里' },
  ROLE_NOT_ALLOWED_AT_NODE: { status: 400, message: '该身份不能设在这一级组织' },
  ROLE_NOT_INVITABLE: { status: 403, message: '您不能邀请该身份的人员' },
  SELF_JOIN_NOT_ALLOWED: { status: 400, message: '只能自行加入村、社区或网格，其他身份需要邀请' },
  INVITE_NOT_FOUND: { status: 404, message: '邀请码不存在，请向邀请人核对' },
  INVITE_EXPIRED: { status: 410, message: '邀请码已过期，请联系邀请人重新生成' },
  INVITE_EXHAUSTED: { status: 410, message: '邀请码使用次数已满，请联系邀请人' },
  INVITE_REVOKED: { status: 410, message: '邀请码已被撤销，请联系邀请人' },
  CANNOT_REMOVE_SELF: { status: 400, message: '不能移除自己的管理身份，请联系上级' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效，请重新进入小程序' },
  WECHAT_RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  WECHAT_RISKY_USER: { status: 403, message: '微信判定该账号存在风险，暂不能登录' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务暂时不可用，请稍后再试' },
  WECHAT_DECRYPT_FAILED: { status: 400, message: '微信数据校验失败，请重新打开' },
  PHONE_CODE_INVALID: { status: 400, message: '手机号授权无效，请重新授权' },
  MOCK_LOGIN_DISABLED: { status: 403, message: '当前环境不支持模拟登录' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  BULLETIN_NOT_EDITABLE: { status: 409, message: '只有草稿或被退回的信息可以修改' },
  BULLETIN_BAD_STATE: { status: 409, message: '这条信息当前的状态不能进行此操作' },
  SELF_REVIEW: { status: 403, message: '不能审核自己撰写的信息，请由另一位工作人员审核' },
  RETURN_REASON_REQUIRED: { status: 400, message: '退回时请写明原因' },
  SCOPE_EMPTY: { status: 400, message: '请至少选择一个村（社区）或单位' },
  SCOPE_OUTSIDE_TOWN: { status: 400, message: '发送范围只能是本镇的村（社区）和单位' },
  PUBLISH_AT_IN_PAST: { status: 400, message: '定时发布的时间已经过去，请重新选择' },
  DEADLINE_IN_PAST: { status: 400, message: '转发截止时间不能早于发布时间' },
  TASK_ALREADY_DONE: { status: 409, message: '这项转发任务已经完成' },
  REMIND_TOO_SOON: { status: 429, message: '两小时内已经催办过，请稍后再催' },
  GROUP_ALREADY_BOUND: { status: 409, message: '这个微信群已经登记在其他组织下，如需调整请联系镇管理员' },
  GROUP_INFO_STALE: { status: 400, message: '群信息已过期，请从群里重新打开' },
  FILE_TOO_LARGE: { status: 413, message: '图片不能超过5MB' },
  FILE_NOT_IMAGE: { status: 415, message: '只能上传图片（JPG、PNG、WebP）' },
  FILE_NOT_FOUND: { status: 404, message: '图片不存在或已失效' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export function errorMessage(code: ErrorCode): string {
  return ERROR_CODES[code].message;
}
