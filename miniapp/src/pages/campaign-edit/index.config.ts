export default definePageConfig({ navigationBarTitleText: '答题活动设置' })
