import Taro from '@tarojs/taro'
import { enteredFromGroup, groupInfoFor } from '../src/services/group-info'

const T = Taro as unknown as Record<string, unknown>
const ENC = { encryptedData: 'ZW5jcnlwdGVkLWdyb3VwLWluZm8=', iv: 'aXYtaXYtaXYtaXYtaXYtaQ==' }

function answer(result: unknown, ok = true) {
  return jest.fn((o: { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
    setTimeout(() => (ok ? o.success?.(result) : o.fail?.({ errMsg: 'fail 40097' })), 0)
  })
}

beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
})
afterEach(() => {
  process.env.TARO_ENV = 'h5'
  for (const k of ['getEnterOptionsSync', 'getLaunchOptionsSync', 'getGroupEnterInfo', 'getShareInfo']) delete T[k]
})

test('scene 1044 straight into the page: getGroupEnterInfo gives the encrypted info', async () => {
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk-1', path: 'pages/bulletin/index', query: { id: '5' } })
  T.getGroupEnterInfo = answer({ errMsg: 'getGroupEnterInfo:ok', ...ENC })
  T.getShareInfo = answer({ encryptedData: 'other', iv: 'other' })
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toEqual(ENC)
  expect(T.getShareInfo).not.toHaveBeenCalled()
})

test('falls back to getShareInfo with the entry shareTicket when getGroupEnterInfo fails or is missing', async () => {
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk-2', path: 'pages/bulletin/index', query: { id: '5' } })
  T.getGroupEnterInfo = answer(null, false)
  T.getShareInfo = answer({ errMsg: 'getShareInfo:ok', ...ENC })
  expect(await groupInfoFor('/pages/bulletin/index', { id: '5' })).toEqual(ENC)
  expect((T.getShareInfo as jest.Mock).mock.calls[0][0].shareTicket).toBe('tk-2')

  delete T.getGroupEnterInfo
  ;(T.getShareInfo as jest.Mock).mockClear()
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toEqual(ENC)
  expect(T.getShareInfo).toHaveBeenCalledTimes(1)
})

test('scene 1008 (group card without ticket) uses getGroupEnterInfo; launch options when enter options are missing', async () => {
  T.getLaunchOptionsSync = () => ({ scene: 1008, path: 'pages/bind-group/index', query: { nodeId: '20', bind: '1' } })
  T.getGroupEnterInfo = answer(ENC)
  expect(await groupInfoFor('pages/bind-group/index', { nodeId: '20', bind: '1' })).toEqual(ENC)
})

test('other scenes, other pages, other ids, and H5 give no group', async () => {
  T.getGroupEnterInfo = answer(ENC)
  T.getShareInfo = answer(ENC)
  T.getEnterOptionsSync = () => ({ scene: 1007, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '5' } })
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toBeNull()
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/index/index', query: {} })
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toBeNull()
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '6' } })
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toBeNull()
  expect(T.getGroupEnterInfo).not.toHaveBeenCalled()
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '5' } })
  process.env.TARO_ENV = 'h5'
  expect(enteredFromGroup('pages/bulletin/index', { id: '5' })).toBeNull()
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toBeNull()
})

test('both APIs failing: no group (the page still works)', async () => {
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '5' } })
  T.getGroupEnterInfo = answer(null, false)
  T.getShareInfo = answer({ errMsg: 'ok' })
  expect(await groupInfoFor('pages/bulletin/index', { id: '5' })).toBeNull()
})
