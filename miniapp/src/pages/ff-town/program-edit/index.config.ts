export default definePageConfig({ navigationBarTitleText: '评比设置' })
