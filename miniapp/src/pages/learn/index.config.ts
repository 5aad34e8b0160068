export default definePageConfig({ navigationBarTitleText: '学习防骗' })
