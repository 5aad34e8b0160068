export default definePageConfig({ navigationBarTitleText: '创建排名' })
