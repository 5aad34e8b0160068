// Unit and component tests. @tarojs/taro, @tarojs/components and NutUI are replaced by small mocks
// (test/mocks): the app's own logic (request client, login adapter, pages) runs unchanged.
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  transform: {
    '^.+\\.[jt]sx?$': [
      'babel-jest',
      {
        configFile: false,
        babelrc: false,
        presets: [
          ['@babel/preset-env', { targets: { node: 'current' } }],
          ['@babel/preset-react', { runtime: 'automatic' }],
          '@babel/preset-typescript',
        ],
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.tsx',
    '^@nutui/nutui-react-taro$': '<rootDir>/test/mocks/nutui.tsx',
    '\\.(css|scss)$': '<rootDir>/test/mocks/style.ts',
  },
}
