export default defineAppConfig({
  pages: ['pages/index/index', 'pages/learn/index', 'pages/mine/index'],
  // Feature pages live in subpackages (one each) so the main package stays small. The paths match
  // what the server puts in invite links: pages/join/index?code=…
  subPackages: [
    ...['login', 'join', 'choose-village', 'profile', 'members', 'invite', 'bulletin', 'inbox', 'groups', 'bind-group', 'feedback', 'feedback-thread', 'compose', 'bulletins', 'review'].map((name) => ({
      root: `pages/${name}`,
      pages: ['index'],
    })),
    // the quiz statistics share the dashboard's ECharts build
    { root: 'pages/dashboard', pages: ['index', 'quiz'] },
    ...['quiz', 'quiz-result', 'mistakes', 'quiz-bank', 'question-edit', 'campaigns', 'campaign-edit'].map((name) => ({
      root: `pages/${name}`,
      pages: ['index'],
    })),
    // pledge signing: the signer's side
    ...['pledge-sign', 'pledges', 'pledge-view', 'pledge-verify'].map((name) => ({
      root: `pages/${name}`,
      pages: ['index'],
    })),
    // pledge signing: the staff side (campaigns, editor, rosters, progress, texts)
    ...['pledge-campaigns', 'pledge-campaign-edit', 'pledge-roster', 'pledge-progress', 'pledge-templates'].map((name) => ({
      root: `pages/${name}`,
      pages: ['index'],
    })),
    // 无诈创建, the applicant's side (villages, units, schools): programs, indicators, application, ledger
    { root: 'pages/ff', pages: ['programs/index', 'mine/index', 'apply/index', 'activities/index'] },
    // 无诈创建, the town's side (town admins, reviewers, the police liaison): programs, review, titles,
    // warnings, rankings, case figures, summaries
    { root: 'pages/ff-town', pages: ['index', 'program-edit/index', 'review/index', 'application/index', 'awards/index', 'warnings/index', 'rankings/index', 'cases/index'] },
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
