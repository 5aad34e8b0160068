export default definePageConfig({ navigationBarTitleText: '签署活动' })
