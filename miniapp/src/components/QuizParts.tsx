// The pieces every quiz screen shows the same way: a question's head, its options (with the right
// answer and the person's choice marked once known) and the explanation. Used by the taking page,
// the result page and the 错题本 (all in subpackages, so none of this weighs on the main package).
import { View } from '@tarojs/components'
import { QUESTION_TYPE_LABELS, type QuestionType } from '@wuzha/shared/dist/enums'
import { optionLetter } from '@wuzha/shared/dist/quiz'
import './QuizParts.scss'

// `no` prefixes the stem (lists); the taking page shows its progress line instead.
export function QuestionHead({ no, type, stem }: { no?: number; type: QuestionType; stem: string }) {
  return (
    <View className="qz-head">
      <View className="qz-type">{QUESTION_TYPE_LABELS[type]}</View>
      <View className="qz-stem e2e-quiz-stem">
        {no ? `${no}. ` : ''}
        {stem}
      </View>
    </View>
  )
}

// `answer` given: the right options are marked green and a wrong choice red; otherwise the
// options are choosable (`onPick`) and only the choice is highlighted.
export function OptionList({ options, chosen, answer, onPick }: { options: readonly string[]; chosen: readonly number[]; answer?: readonly number[]; onPick?: (i: number) => void }) {
  return (
    <View className="qz-options">
      {options.map((text, i) => {
        const picked = chosen.includes(i)
        const right = answer?.includes(i) ?? false
        const state = answer ? (right ? 'right' : picked ? 'wrong' : '') : picked ? 'picked' : ''
        return (
          <View key={i} className={`qz-option e2e-quiz-option ${state}`} onClick={onPick ? () => onPick(i) : undefined}>
            <View className="qz-letter">{optionLetter(i)}</View>
            <View className="qz-option-text">
              {text}
              {answer && (right || picked) ? (
                <View className="qz-marks">
                  {right ? <View className="qz-mark right">✓ 正确答案</View> : null}
                  {picked ? <View className={`qz-mark ${right ? 'right' : 'wrong'}`}>{right ? '您选对了' : '✗ 您选的'}</View> : null}
                </View>
              ) : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}

export function Explanation({ explanation, source }: { explanation: string; source: string | null }) {
  return (
    <View className="qz-explain e2e-quiz-explanation">
      <View className="qz-explain-title">解析</View>
      <View>{explanation}</View>
      {source ? <View className="qz-source">依据：{source}</View> : null}
    </View>
  )
}

export function Verdict({ correct }: { correct: boolean }) {
  return <View className={`qz-verdict ${correct ? 'right' : 'wrong'}`}>{correct ? '✓ 答对了' : '✗ 答错了'}</View>
}
