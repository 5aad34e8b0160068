/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.scss'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    TARO_ENV: 'weapp' | 'h5' | string
    /** API base URL; '' = same origin (H5 served by the API server) */
    TARO_APP_API_BASE?: string
    /** subscribe template id for pledge reminders; '' = none */
    TARO_APP_TMPL_PLEDGE_REMIND?: string
  }
}
