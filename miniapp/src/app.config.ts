export default defineAppConfig({
  pages: ['pages/index/index', 'pages/learn/index', 'pages/mine/index'],
  // Feature pages live in subpackages so the main package stays small.
  subPackages: [
    {
      root: 'packages/user',
      pages: ['login/index', 'join/index', 'choose-village/index', 'profile/index'],
    },
    {
      root: 'packages/work',
      pages: ['members/index', 'invite/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b57d0',
    navigationBarTitleText: '无诈',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6fa',
  },
  tabBar: {
    color: '#555b66',
    selectedColor: '#0b57d0',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/learn/index', text: '学习', iconPath: 'assets/tab/learn.png', selectedIconPath: 'assets/tab/learn-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
})
