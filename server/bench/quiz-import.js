'use strict';
// A 2,000-question xlsx import against the running app (issue 4: under 10 s): the workbook is built
// with exceljs in the import template's layout (sheet 题库, Chinese headers), posted as multipart to
// quiz.questions.import, and timed from the request to the answer. Every row is a new question
// (no 编号), so repeated runs each create `rows` questions.

const crypto = require('node:crypto');
const { Workbook } = require('exceljs');

const HEADER = ['编号', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '类型', '适用人群', '难度', '出处', '状态'];
const TYPES = ['刷单返利', '虚假投资理财', '虚假网络贷款', '虚假购物服务', '冒充电商物流客服', '冒充熟人或领导', '冒充公检法', '出租出借两卡'];

async function buildWorkbook(rows, runId) {
  const wb = new Workbook();
  const ws = wb.addWorksheet('题库');
  ws.addRow(HEADER);
  for (let i = 0; i < rows; i++) {
    const kind = i % 3;
    ws.addRow([
      null,
      kind === 0 ? '单选题' : kind === 1 ? '多选题' : '判断题',
      `（${runId}-${i + 1}）有人自称客服，说您的订单出了问题，要求您按他说的操作退款，您应该怎么做？`,
      ...(kind === 2 ? [null, null, null, null] : ['挂断后通过官方渠道核实', '按对方要求操作', '下载对方发来的软件', '拨打96110咨询']),
      null,
      null,
      kind === 0 ? 'A' : kind === 1 ? 'AD' : '错误',
      '主动联系您退款、理赔的“客服”多是骗子，一定要通过官方渠道核实，拿不准就拨打96110。',
      `${TYPES[i % TYPES.length]}、${TYPES[(i + 3) % TYPES.length]}`,
      i % 4 === 0 ? '老年人、务工职工' : null,
      (i % 3) + 1,
      i % 5 === 0 ? '《反电信网络诈骗法》第二十条' : null,
      '启用',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Builds a `rows`-question workbook, imports it into `townId` as the holder of `token` (a town admin
// of that town) and returns the rows and the import's wall time in ms.
async function importBench({ port, token, townId, rows = 2000 }) {
  const runId = crypto.randomBytes(3).toString('hex');
  const xlsx = await buildWorkbook(rows, runId);
  const form = new FormData();
  form.append('file', new Blob([xlsx], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'bench.xlsx');
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${port}/api/quiz/questions/import?townId=${townId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200) throw new Error(`quiz import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  if (body.created !== rows) throw new Error(`quiz import created ${body.created} of ${rows} rows`);
  return { rows, ms: Math.round(ms) };
}

module.exports = { importBench, buildWorkbook };
