import Taro from '@tarojs/taro'
import { ApiError } from '../src/services/request'
import { MIN_STROKE_LENGTH, exportPng, inkBox, signatureProblem, strokeLength, type Stroke } from '../src/components/SignaturePad'
import { confirmText, deadlineText, emptyForm, errorText, formProblem, guardianForced, matchProblem, reasonText, signRequest, signerLine } from '../src/services/pledge'
import { matchView, signPage, signature } from './pledge-fixtures'

const T = Taro as unknown as Record<string, unknown>
const line = (x0: number, y0: number, x1: number, y1: number, n = 10): Stroke =>
  Array.from({ length: n + 1 }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / n, y: y0 + ((y1 - y0) * i) / n }))

describe('the pad refuses a too-short signature', () => {
  test('length and span', () => {
    expect(strokeLength([line(0, 0, 30, 40)])).toBeCloseTo(50)
    expect(strokeLength([line(0, 0, 30, 0), line(0, 10, 0, 50)])).toBeCloseTo(70)
    expect(inkBox([line(10, 20, 110, 20), [{ x: 50, y: 80 }]])).toEqual({ width: 100, height: 60 })
    expect(inkBox([])).toEqual({ width: 0, height: 0 })
  })

  test('nothing, a dot, a tick and a short scribble are refused; a written name passes', () => {
    expect(signatureProblem([], 300, 200)).toBe('请先在框里写下您的名字')
    expect(signatureProblem([[]], 300, 200)).toBe('请先在框里写下您的名字')
    expect(signatureProblem([[{ x: 5, y: 5 }]], 300, 200)).toContain('太短')
    expect(signatureProblem([line(10, 10, 40, 10)], 300, 200)).toContain('太短')
    // long enough in total but all inside a corner: too small to be a name
    const zigzag: Stroke = Array.from({ length: 40 }, (_, i) => ({ x: 10 + (i % 2) * 20, y: 10 + (i % 3) }))
    expect(strokeLength([zigzag])).toBeGreaterThan(MIN_STROKE_LENGTH)
    expect(signatureProblem([zigzag], 300, 200)).toContain('太短')
    // long in total and spread out
    const name = [line(20, 50, 120, 50), line(70, 20, 70, 150), line(150, 40, 260, 160)]
    expect(strokeLength(name)).toBeGreaterThan(MIN_STROKE_LENGTH)
    expect(signatureProblem(name, 300, 200)).toBeNull()
    // just under the length with the same spread
    expect(signatureProblem([line(20, 50, 20 + MIN_STROKE_LENGTH - 1, 50)], 300, 200)).toContain('太短')
    expect(signatureProblem([line(20, 50, 20 + MIN_STROKE_LENGTH + 1, 50)], 300, 200)).toBeNull()
  })
})

describe('export path', () => {
  afterEach(() => {
    delete T.canvasToTempFilePath
    delete T.getFileSystemManager
  })

  test('WeChat: canvasToTempFilePath with the canvas node, then the temp file read as base64', async () => {
    const canvas = { width: 600, height: 400, getContext: () => null, toDataURL: jest.fn() }
    const toTemp = jest.fn(async () => ({ tempFilePath: 'wxfile://tmp/sig.png' }))
    const readFile = jest.fn((o: { filePath: string; encoding: string; success: (r: { data: string }) => void }) => o.success({ data: 'iVBORw0KGgo=' }))
    T.canvasToTempFilePath = toTemp
    T.getFileSystemManager = () => ({ readFile })
    await expect(exportPng(canvas, 'weapp')).resolves.toBe('iVBORw0KGgo=')
    expect(toTemp).toHaveBeenCalledWith(expect.objectContaining({ canvas, fileType: 'png' }))
    expect(readFile).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/sig.png', encoding: 'base64' }))
    expect(canvas.toDataURL).not.toHaveBeenCalled()
  })

  test('WeChat: a failed read says so', async () => {
    T.canvasToTempFilePath = async () => ({ tempFilePath: 'x' })
    T.getFileSystemManager = () => ({ readFile: (o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'readFile:fail no such file' }) })
    await expect(exportPng({ width: 1, height: 1, getContext: () => null }, 'weapp')).rejects.toThrow('readFile:fail')
  })

  test('H5: the canvas element itself (toDataURL), no WeChat API', async () => {
    const toTemp = jest.fn()
    T.canvasToTempFilePath = toTemp
    const canvas = { width: 600, height: 400, getContext: () => null, toDataURL: jest.fn(() => 'data:image/png;base64,AAAA') }
    await expect(exportPng(canvas, 'h5')).resolves.toBe('data:image/png;base64,AAAA')
    expect(canvas.toDataURL).toHaveBeenCalledWith('image/png')
    expect(toTemp).not.toHaveBeenCalled()
  })
})

describe('the form rules', () => {
  test('a class from the card is preselected only when it is one of the campaign classes; one class or unit is chosen for you', () => {
    expect(emptyForm(signPage(), 54).classId).toBe(54)
    expect(emptyForm(signPage(), 99).classId).toBeNull()
    expect(emptyForm(signPage()).classId).toBeNull()
    expect(emptyForm(signPage({ classes: [{ id: 53, name: '七年级1班', kind: 'class' }] })).classId).toBe(53)
    expect(emptyForm(signPage({ classes: [], units: [{ id: 70, name: '和平纺织有限公司', kind: 'enterprise' }] }, { audience: 'units' })).unitId).toBe(70)
    expect(emptyForm(signPage({}, { guardianSigns: true })).signAs).toBe('guardian')
  })

  test('match needs class, name and a well-formed student number', () => {
    const f = { ...emptyForm(signPage()), classId: 53, studentName: '吴梓轩', studentNo: '20240101' }
    expect(matchProblem(f)).toBeNull()
    expect(matchProblem({ ...f, classId: null })).toBe('请选择班级')
    expect(matchProblem({ ...f, studentName: '吴' })).toBe('请填写学生的姓名')
    expect(matchProblem({ ...f, studentNo: ' ' })).toBe('请填写学号')
    expect(matchProblem({ ...f, studentNo: '2024 01' })).toContain('只能包含')
  })

  test('a parent must sign when the campaign or the roster says so', () => {
    expect(guardianForced(signPage(), matchView())).toBe(false)
    expect(guardianForced(signPage(), matchView({ guardianRequired: true }))).toBe(true)
    expect(guardianForced(signPage({}, { guardianSigns: true }), matchView())).toBe(true)
  })

  test('what is missing, and the request sent', () => {
    const page = signPage()
    const m = matchView({ guardianRequired: true })
    const f = { ...emptyForm(page, 53), studentName: ' 吴梓轩 ', studentNo: '20240101 ', signAs: 'self' as const }
    expect(formProblem(page, f, null)).toBe('请先核对学生信息')
    expect(formProblem(page, f, m)).toBe('请选择您和孩子的关系')
    expect(formProblem(page, { ...f, relationship: 'father' }, m)).toBe('请家长勾选确认同意')
    const ok = { ...f, relationship: 'father' as const, consent: true, signerName: '吴海涛' }
    expect(formProblem(page, { ...ok, signerName: '吴' }, m)).toBe('请填写您本人的姓名')
    expect(formProblem(page, ok, m)).toBeNull()
    expect(signRequest(page, ok, m, 'PNG')).toEqual({
      textHash: page.text.textHash,
      readToEnd: true,
      signerName: '吴海涛',
      signaturePng: 'PNG',
      student: { classId: 53, name: '吴梓轩', studentNo: '20240101' },
      guardian: { relationship: 'father', consent: true },
    })
    // a student signing for themself sends no guardian part
    const self = { ...f, signerName: '吴梓轩' }
    expect(signRequest(page, self, matchView(), 'PNG').guardian).toBeUndefined()
    expect(confirmText(page, ok, m)).toContain('以家长身份为 七年级1班 吴*轩 签署《学生反诈承诺书》')
  })

  test('units need the unit and the title', () => {
    const page = signPage({ classes: [], units: [{ id: 70, name: '和平纺织有限公司', kind: 'enterprise' }, { id: 71, name: '绿源农业专业合作社', kind: 'enterprise' }] }, { audience: 'units', kind: 'unit' })
    const f = { ...emptyForm(page), signerName: '郑伟' }
    expect(formProblem(page, f, null)).toBe('请选择单位')
    expect(formProblem(page, { ...f, unitId: 71 }, null)).toContain('职务')
    const ok = { ...f, unitId: 71, signerTitle: '理事长' }
    expect(formProblem(page, ok, null)).toBeNull()
    expect(signRequest(page, ok, null, 'PNG')).toMatchObject({ unitId: 71, signerTitle: '理事长', signerName: '郑伟' })
    expect(confirmText(page, ok, null)).toContain('代表 绿源农业专业合作社 签署')
  })
})

describe('words', () => {
  test('deadlines, signers, reasons and errors', () => {
    const now = new Date('2030-11-28T10:00:00.000Z')
    expect(deadlineText('2030-12-01T10:00:00.000Z', now)).toMatch(/^截止 .*（还剩 3 天）$/)
    expect(deadlineText('2030-11-28T15:30:00.000Z', now)).toMatch(/（还剩 5 小时）$/)
    expect(deadlineText('2030-11-27T10:00:00.000Z', now)).toMatch(/（已截止）$/)
    expect(signerLine(signature())).toBe('吴海涛（父亲）为 吴*轩 签署')
    expect(signerLine(signature({ signerType: 'unit', signerName: '郑伟', signerTitle: '总经理', unitName: '和平纺织有限公司', studentMasked: null }))).toBe('郑伟（总经理）代表 和平纺织有限公司')
    expect(signerLine(signature({ signerType: 'self', studentMasked: null, signerName: '张桂英' }))).toBe('张桂英')
    expect(reasonText('PLEDGE_DEADLINE_PASSED')).toContain('签署已经截止')
    expect(reasonText('PLEDGE_NOT_IN_AUDIENCE')).toContain('不需要您签署')
    expect(reasonText(null)).toBe('现在不能签署')
    expect(errorText(new ApiError(404, 'PLEDGE_NOT_ON_ROSTER', '花名册里没有找到这位同学。请联系班主任'))).toContain('联系班主任')
    expect(errorText(new ApiError(404, 'NOT_FOUND', 'x'))).toContain('没有找到这份承诺书')
    expect(errorText(new ApiError(429, 'RATE_LIMITED', 'x'))).toContain('一分钟')
    expect(errorText(new ApiError(400, 'VALIDATION_FAILED', '提交的内容有误', [{ path: 'signerName', message: '至少2个字' }]))).toBe('至少2个字')
  })
})
