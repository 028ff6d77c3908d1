/**
 * The example plan a newcomer can create from the empty board list: a township health
 * centre's management year (乡镇卫生院管理年活动), written from the first of the township
 * work summaries (../shared/domain/). Four areas, a dozen people, quarterly targets broken
 * into monthly and weekly stages, numeric targets with check-ins, items in all four classes.
 *
 * Everything is dated around `today`, so the example always looks current: last quarter is
 * done, this quarter is under way, a few things are overdue, next quarter is still open.
 * The builder only goes through the board model's own functions and is pure given its
 * inputs (ids come from `newId`, which tests may make deterministic).
 */
import type * as Y from 'yjs';
import { createArea } from './areas';
import { createItem, linkItems, updateItem } from './items';
import { DEFAULT_TIMEZONE, updateMeta } from './meta';
import { addCheckIn, setMetric, type Metric } from './metrics';
import { addDaysTo, periodOf, periodRange, periodsIn, shiftPeriod } from './periods';
import type { Status } from './status';

export const EXAMPLE_LOCALES = ['zh-CN', 'en'] as const;
export type ExampleLocale = (typeof EXAMPLE_LOCALES)[number];

export function isExampleLocale(value: unknown): value is ExampleLocale {
	return typeof value === 'string' && (EXAMPLE_LOCALES as readonly string[]).includes(value);
}

/** A text in both languages: [中文, English]. The English is a translation, not pinyin. */
type Text = readonly [zh: string, en: string];

function pick(text: Text, locale: ExampleLocale): string {
	return locale === 'zh-CN' ? text[0] : text[1];
}

/** The accounts the example is written for; the server finds them again by their email. */
export const EXAMPLE_PEOPLE = {
	director: { email: 'li.jianguo@example.invalid', name: ['李建国', 'Li Jianguo'] },
	deputy: { email: 'wang.xiuying@example.invalid', name: ['王秀英', 'Wang Xiuying'] },
	publicHealth: { email: 'zhang.wei@example.invalid', name: ['张伟', 'Zhang Wei'] },
	chronic: { email: 'liu.fang@example.invalid', name: ['刘芳', 'Liu Fang'] },
	records: { email: 'chen.jing@example.invalid', name: ['陈静', 'Chen Jing'] },
	physician: { email: 'yang.fan@example.invalid', name: ['杨帆', 'Yang Fan'] },
	medical: { email: 'zhao.lei@example.invalid', name: ['赵磊', 'Zhao Lei'] },
	nursing: { email: 'huang.li@example.invalid', name: ['黄丽', 'Huang Li'] },
	pharmacy: { email: 'zhou.min@example.invalid', name: ['周敏', 'Zhou Min'] },
	finance: { email: 'wu.qiang@example.invalid', name: ['吴强', 'Wu Qiang'] },
	insurance: { email: 'sun.mei@example.invalid', name: ['孙梅', 'Sun Mei'] },
	audit: { email: 'zheng.hao@example.invalid', name: ['郑浩', 'Zheng Hao'] }
} as const satisfies Record<string, { email: string; name: Text }>;

export type ExamplePerson = keyof typeof EXAMPLE_PEOPLE;

export function examplePersonName(person: ExamplePerson, locale: ExampleLocale): string {
	return pick(EXAMPLE_PEOPLE[person].name, locale);
}

/** "2026 卫生院管理年活动" / "Health centre management year 2026", by the year of `today`. */
export function exampleBoardTitle(locale: ExampleLocale, today: string): string {
	const year = today.slice(0, 4);
	return locale === 'zh-CN' ? `${year} 卫生院管理年活动` : `Health centre management year ${year}`;
}

/** 卫生院 → WSY; Health Centre → HC. */
export function examplePrefix(locale: ExampleLocale): string {
	return locale === 'zh-CN' ? 'WSY' : 'HC';
}

const DESCRIPTION: Text = [
	'对照乡镇卫生院管理年活动评价考核标准，把每个项目分为已完成、须加强、已计划和尚属空白四类，逐项登记在案；按周、按月、按季度定好阶段性目标，责任落实到人，定期汇报，每月公示进度。（示例计划：人员均为示例，可随意修改或删除。）',
	'Every item of the health-centre management year standard, registered and classed as done, to be strengthened, planned, or not yet thought of; weekly, monthly and quarterly stage targets, each with one responsible person, regular progress reports and a monthly public notice. (An example plan: the people are examples; change or delete anything.)'
];

type AreaKey = 'publicHealth' | 'clinical' | 'finance' | 'insurance';

const AREAS: ReadonlyArray<{ key: AreaKey; name: Text }> = [
	{ key: 'publicHealth', name: ['公共卫生', 'Public health'] },
	{ key: 'clinical', name: ['临床诊疗', 'Clinical care'] },
	{ key: 'finance', name: ['财务管理', 'Finance'] },
	{ key: 'insurance', name: ['新农合管理', 'Rural medical insurance'] }
];

/** Where a period lies from today. */
type Timing = 'past' | 'current' | 'future';
/** A status, or one per timing for stages whose timing depends on the day the plan is made. */
type PlannedStatus = Status | Readonly<Record<Timing, Status>>;

/** Stages run their course: finished before, worked on now, waiting after. */
const STAGE: PlannedStatus = { past: 'done', current: 'strengthen', future: 'planned' };
const STAGE_NOT_STARTED: PlannedStatus = { past: 'done', current: 'planned', future: 'blank' };

interface PlannedMetric extends Omit<Metric, 'current'> {
	/** Weekly check-ins, oldest first, the last a few days before today. */
	values: readonly number[];
	/** A note with the last check-in. */
	note?: Text;
}

/**
 * One item of the plan. Its period is either `offset` periods from the current one of its
 * horizon, or (for a monthly stage) the `nth` month of its parent quarter. A weekly item
 * `under` a quarterly target hangs from that target's monthly stage holding its week.
 */
interface PlannedItem {
	key: string;
	area: AreaKey;
	horizon: 'week' | 'month' | 'quarter';
	owner: ExamplePerson;
	title: Text;
	status: PlannedStatus;
	offset?: number;
	parent?: string;
	nth?: number;
	under?: string;
	notes?: Text;
	blocked?: Text;
	metric?: PlannedMetric;
}

const PLAN: readonly PlannedItem[] = [
	// 公共卫生 — Public health
	{ key: 'ph-count', area: 'publicHealth', horizon: 'quarter', offset: -1, owner: 'records', status: 'done',
		title: ['摸清辖区居民健康档案底数，逐村登记在案', 'Count the residents’ health records village by village and register every gap'] },
	{ key: 'ph-records', area: 'publicHealth', horizon: 'quarter', offset: 0, owner: 'records', status: 'strengthen',
		title: ['居民健康档案建档率达到 85%', 'Raise the share of residents with a health record to 85%'],
		notes: ['对照评价考核标准逐户核对；入户建档后三个工作日内录入系统，建档表统一编号存档。', 'Check every household against the standard; enter each new record within three working days and file the paper forms under a uniform number.'],
		metric: { unit: '%', baseline: 72, target: 85, direction: 'up', values: [72.6, 74.1, 76.3, 77.8, 79.2], note: ['南坪村进度偏慢，已调配两名村医协助。', 'Nanping is behind; two village doctors have been sent to help.'] } },
	{ key: 'ph-records-1', area: 'publicHealth', horizon: 'month', parent: 'ph-records', nth: 0, owner: 'records', status: STAGE,
		title: ['东湾村、西岭村入户建档', 'Door-to-door health records in Dongwan and Xiling'] },
	{ key: 'ph-records-2', area: 'publicHealth', horizon: 'month', parent: 'ph-records', nth: 1, owner: 'records', status: STAGE,
		title: ['南坪村、北山村入户建档', 'Door-to-door health records in Nanping and Beishan'] },
	{ key: 'ph-records-3', area: 'publicHealth', horizon: 'month', parent: 'ph-records', nth: 2, owner: 'publicHealth', status: STAGE,
		title: ['建档资料复核并录入系统', 'Check the new records and enter them into the system'] },
	{ key: 'ph-forms', area: 'publicHealth', horizon: 'week', offset: -1, under: 'ph-records', owner: 'records', status: 'done',
		title: ['整理入户建档表，交公共卫生科汇总', 'Sort the household record forms and pass them to the public health office'] },
	{ key: 'ph-spotcheck', area: 'publicHealth', horizon: 'week', offset: 0, under: 'ph-records', owner: 'publicHealth', status: 'planned',
		title: ['建档质量抽查（每村抽 20 户）', 'Spot-check record quality (20 households per village)'] },
	{ key: 'ph-migrants', area: 'publicHealth', horizon: 'week', offset: 1, under: 'ph-records', owner: 'records', status: 'blank',
		title: ['补录外出务工人员健康档案', 'Add records for villagers working away from home'] },
	{ key: 'ph-chronic', area: 'publicHealth', horizon: 'quarter', offset: 0, owner: 'chronic', status: 'strengthen',
		title: ['慢性病规范管理率达到 70%', 'Bring 70% of chronic-disease patients under standard management'],
		metric: { unit: '%', baseline: 58, target: 70, direction: 'up', values: [58.6, 60.3, 61, 63.4] } },
	{ key: 'ph-followup', area: 'publicHealth', horizon: 'week', offset: 0, under: 'ph-chronic', owner: 'chronic', status: 'planned',
		title: ['高血压、糖尿病患者季度随访', 'Quarterly follow-up of hypertension and diabetes patients'],
		blocked: ['县疾控中心新版随访表尚未下发，村医无法按新标准填写。', 'The county CDC has not issued the new follow-up form yet, so village doctors cannot record visits to the new standard.'] },
	{ key: 'ph-sanitation', area: 'publicHealth', horizon: 'month', offset: 0, owner: 'publicHealth', status: 'planned',
		title: ['卫生区域责任化专项检查', 'Inspection of the cleaning areas each department answers for'],
		notes: ['每月一次，检查结果书面记录，纳入科室考核。', 'Once a month; findings written down and counted in the department’s appraisal.'] },
	{ key: 'ph-elderly', area: 'publicHealth', horizon: 'quarter', offset: 1, owner: 'publicHealth', status: 'blank',
		title: ['65 岁以上老年人免费健康体检', 'Free health checks for residents aged 65 and over'] },

	// 临床诊疗 — Clinical care
	{ key: 'cl-rules', area: 'clinical', horizon: 'quarter', offset: -1, owner: 'medical', status: 'done',
		title: ['制定病历书写规范化实施细则', 'Write the rules for standard medical record writing'] },
	{ key: 'cl-records', area: 'clinical', horizon: 'quarter', offset: 0, owner: 'medical', status: 'strengthen',
		title: ['甲级病历率达到 90%', 'Raise the share of grade-A medical records to 90%'],
		notes: ['全面推行规范化书写、规范化审核、规范化检查和规范化保管；评价结果入册，作为职工综合考核依据。', 'Standard writing, review, checking and keeping of records throughout; the results are filed and count in each person’s appraisal.'],
		metric: { unit: '%', baseline: 75, target: 90, direction: 'up', values: [76, 79, 81.5, 83] } },
	{ key: 'cl-records-1', area: 'clinical', horizon: 'month', parent: 'cl-records', nth: 0, owner: 'medical', status: STAGE,
		title: ['病历质量评价标准培训', 'Training on the medical record quality standard'] },
	{ key: 'cl-records-2', area: 'clinical', horizon: 'month', parent: 'cl-records', nth: 1, owner: 'medical', status: STAGE,
		title: ['每科抽查 30 份病历并通报', 'Check 30 records per department and announce the results'] },
	{ key: 'cl-records-3', area: 'clinical', horizon: 'month', parent: 'cl-records', nth: 2, owner: 'medical', status: STAGE,
		title: ['病历质量评价结果入册，纳入职工考核', 'File the record quality results and count them in staff appraisal'] },
	{ key: 'cl-rx', area: 'clinical', horizon: 'quarter', offset: 0, owner: 'pharmacy', status: 'strengthen',
		title: ['门诊处方合格率达到 95%', 'Raise the share of correct outpatient prescriptions to 95%'],
		metric: { unit: '%', baseline: 86, target: 95, direction: 'up', values: [86.4, 88, 89.5, 90.2, 91.8, 92.5] } },
	{ key: 'cl-basics', area: 'clinical', horizon: 'quarter', offset: 0, owner: 'nursing', status: 'planned',
		title: ['全员完成“三基”训练并考核合格', 'All staff complete training in basic theory, knowledge and skills and pass the test'],
		notes: ['“三基”训练作为一条长期措施坚持下去。', 'The training continues as a standing measure after the test.'] },
	{ key: 'cl-basics-1', area: 'clinical', horizon: 'month', parent: 'cl-basics', nth: 0, owner: 'nursing', status: STAGE_NOT_STARTED,
		title: ['“三基”理论培训', 'Classes in basic theory and knowledge'] },
	{ key: 'cl-basics-2', area: 'clinical', horizon: 'month', parent: 'cl-basics', nth: 1, owner: 'nursing', status: STAGE_NOT_STARTED,
		title: ['护理、急救技能操作训练', 'Hands-on practice of nursing and emergency skills'] },
	{ key: 'cl-basics-3', area: 'clinical', horizon: 'month', parent: 'cl-basics', nth: 2, owner: 'physician', status: STAGE_NOT_STARTED,
		title: ['“三基”全员考核', 'Test of all staff in the basics'] },
	{ key: 'cl-cpr', area: 'clinical', horizon: 'week', offset: -1, under: 'cl-basics', owner: 'nursing', status: 'done',
		title: ['心肺复苏操作考核', 'CPR skills assessment'] },
	{ key: 'cl-exam', area: 'clinical', horizon: 'week', offset: 0, under: 'cl-basics', owner: 'physician', status: 'planned',
		title: ['医师“三基”理论考试', 'Doctors’ written test in basic theory'] },
	{ key: 'cl-courtesy', area: 'clinical', horizon: 'week', offset: -1, owner: 'nursing', status: 'strengthen',
		title: ['规范服务用语培训', 'Training in standard courtesy phrases for patients'] },
	{ key: 'cl-feedback', area: 'clinical', horizon: 'month', offset: 0, owner: 'physician', status: 'strengthen',
		title: ['建立就诊患者意见簿和患者调查制度', 'Set up a patients’ comment book and a patient survey'] },
	{ key: 'cl-ethics', area: 'clinical', horizon: 'quarter', offset: 1, owner: 'director', status: 'blank',
		title: ['医德医风建设专题活动', 'Campaign on medical ethics and conduct'] },

	// 财务管理 — Finance
	{ key: 'fi-accounts', area: 'finance', horizon: 'quarter', offset: -1, owner: 'finance', status: 'done',
		title: ['清理往来账款，做到账实相符', 'Clear outstanding accounts so the books match'] },
	{ key: 'fi-drugs', area: 'finance', horizon: 'quarter', offset: 0, owner: 'finance', status: 'strengthen',
		title: ['药占比降至 40% 以下', 'Bring drugs below 40% of medical income'],
		metric: { unit: '%', baseline: 52, target: 40, direction: 'down', values: [51.2, 49.5, 47.8, 46.1], note: ['中药饮片占比仍偏高。', 'Herbal medicines are still a large share.'] } },
	{ key: 'fi-drugs-1', area: 'finance', horizon: 'month', parent: 'fi-drugs', nth: 0, owner: 'finance', status: STAGE,
		title: ['药品收入分析，找出药占比偏高的科室', 'Analyse drug income and find the departments with a high share'] },
	{ key: 'fi-drugs-2', area: 'finance', horizon: 'month', parent: 'fi-drugs', nth: 1, owner: 'director', status: STAGE,
		title: ['约谈药占比偏高科室并跟踪整改', 'Meet the departments with a high drug share and follow up'] },
	{ key: 'fi-drugs-3', area: 'finance', horizon: 'month', parent: 'fi-drugs', nth: 2, owner: 'finance', status: STAGE,
		title: ['通报本季度各科室药占比', 'Announce each department’s drug share for the quarter'] },
	{ key: 'fi-purchasing', area: 'finance', horizon: 'quarter', offset: 0, owner: 'deputy', status: 'planned',
		title: ['建立物资采购审批和出入库管理制度', 'Set up purchase approval and rules for stock in and out'],
		blocked: ['要等县卫生局下发统一采购目录后才能定稿。', 'Cannot be finalised until the county health bureau issues its common purchasing list.'] },
	{ key: 'fi-assets', area: 'finance', horizon: 'week', offset: -1, owner: 'finance', status: 'done',
		title: ['固定资产盘点', 'Fixed-asset stocktake'] },
	{ key: 'fi-report', area: 'finance', horizon: 'week', offset: 0, owner: 'finance', status: 'planned',
		title: ['编制月度收支报表，报县卫生局', 'Prepare the monthly income and spending report for the county health bureau'] },
	{ key: 'fi-budget', area: 'finance', horizon: 'quarter', offset: 1, owner: 'finance', status: 'blank',
		title: ['编制下一年度收支预算', 'Draft next year’s budget'] },

	// 新农合管理 — Rural medical insurance
	{ key: 'in-notice', area: 'insurance', horizon: 'quarter', offset: -1, owner: 'insurance', status: 'done',
		title: ['规范公示新农合办事程序和补偿比例', 'Post the insurance procedures and reimbursement rates'] },
	{ key: 'in-review', area: 'insurance', horizon: 'quarter', offset: 0, owner: 'audit', status: 'strengthen',
		title: ['新农合报销审核及时率达到 98%', 'Review 98% of insurance claims on time'],
		metric: { unit: '%', baseline: 90, target: 98, direction: 'up', values: [90.5, 92, 93.6, 94.1, 95] } },
	{ key: 'in-review-1', area: 'insurance', horizon: 'month', parent: 'in-review', nth: 0, owner: 'audit', status: STAGE,
		title: ['梳理报销审核流程，明确各环节时限', 'Map the claim review steps and set a time limit for each'] },
	{ key: 'in-review-2', area: 'insurance', horizon: 'month', parent: 'in-review', nth: 1, owner: 'audit', status: STAGE,
		title: ['每周抽查报销材料 20 份', 'Spot-check 20 claim files every week'] },
	{ key: 'in-review-3', area: 'insurance', horizon: 'month', parent: 'in-review', nth: 2, owner: 'insurance', status: STAGE,
		title: ['通报审核超时情况并整改', 'Report late reviews and put them right'] },
	{ key: 'in-identity', area: 'insurance', horizon: 'week', offset: -1, under: 'in-review', owner: 'audit', status: 'planned',
		title: ['核对住院病人参合身份', 'Check inpatients’ insurance membership'],
		blocked: ['县合管办信息系统升级，查询功能暂停。', 'The county scheme office is upgrading its system; look-ups are suspended.'] },
	{ key: 'in-enrolment', area: 'insurance', horizon: 'quarter', offset: 0, owner: 'insurance', status: 'strengthen',
		title: ['新农合参合率达到 99%', 'Enrol 99% of rural residents in the insurance'],
		metric: { unit: '%', baseline: 95.5, target: 99, direction: 'up', values: [95.8, 96.4, 97.1] } },
	{ key: 'in-villages', area: 'insurance', horizon: 'month', offset: 0, owner: 'insurance', status: 'planned',
		title: ['到各行政村宣讲住院补偿政策', 'Explain inpatient reimbursement rules in every village'] },
	{ key: 'in-selfcheck', area: 'insurance', horizon: 'quarter', offset: 1, owner: 'insurance', status: 'blank',
		title: ['新农合基金使用情况年度自查', 'Yearly self-check of how the insurance fund is used'] }
];

/** Cross-cutting tasks: each pair is worked on together by two areas. */
const LINKS: ReadonlyArray<readonly [string, string]> = [
	['cl-rx', 'fi-drugs'],
	['in-review', 'cl-records'],
	['in-villages', 'ph-records'],
	['ph-elderly', 'in-enrolment']
];

export interface ExamplePlanInput {
	locale: ExampleLocale;
	/** The day the plan is made, in the board's timezone (`todayIn`). */
	today: string;
	/** The user id of each example person. */
	people: Readonly<Record<ExamplePerson, string>>;
	/** Who made the plan (the items' creator). */
	createdBy?: string | null;
	/** Id maker for areas and items; random by default. */
	newId?: () => string;
}

export interface ExamplePlan {
	areaIds: string[];
	/** In creation order, parents before their stages: the order numbers should follow. */
	itemIds: string[];
}

/** How many items `buildExamplePlan` writes (to reserve their numbers up front). */
export const EXAMPLE_ITEM_COUNT = PLAN.length;

function timingOf(period: string, today: string): Timing {
	const range = periodRange(period)!;
	if (range.end < today) return 'past';
	return range.start > today ? 'future' : 'current';
}

/**
 * Writes the example plan into `doc`: board meta, the four areas, every item with its
 * owner, period and dates, metrics with their check-ins, and the links between areas.
 * Meant for a new, empty board.
 */
export function buildExamplePlan(doc: Y.Doc, input: ExamplePlanInput): ExamplePlan {
	const { locale, today, people } = input;
	const newId = input.newId ?? (() => crypto.randomUUID());
	const text = (value: Text) => pick(value, locale);
	const ids = new Map<string, string>();
	const periods = new Map<string, string>();
	const result: ExamplePlan = { areaIds: [], itemIds: [] };

	const firstQuarter = shiftPeriod(periodOf('quarter', today), -1);
	updateMeta(doc, {
		title: exampleBoardTitle(locale, today),
		description: text(DESCRIPTION),
		start: periodRange(firstQuarter)!.start,
		end: periodRange(shiftPeriod(firstQuarter, 3))!.end,
		timezone: DEFAULT_TIMEZONE,
		weekStart: 1
	});

	const areaIds = new Map<AreaKey, string>();
	for (const area of AREAS) {
		const id = createArea(doc, { id: newId(), name: text(area.name) });
		areaIds.set(area.key, id);
		result.areaIds.push(id);
	}

	for (const planned of PLAN) {
		const period = periodFor(planned, today, periods);
		const parentKey = planned.parent ?? (planned.under ? stageHolding(planned.under, period, periods) : undefined);
		const range = periodRange(period)!;
		const status = typeof planned.status === 'string' ? planned.status : planned.status[timingOf(period, today)];
		const id = createItem(doc, {
			id: newId(),
			title: text(planned.title),
			notes: planned.notes ? text(planned.notes) : '',
			status,
			areaId: areaIds.get(planned.area)!,
			ownerId: people[planned.owner],
			horizon: planned.horizon,
			period,
			start: range.start,
			due: range.end,
			parentId: parentKey ? ids.get(parentKey)! : null,
			createdBy: input.createdBy ?? null
		});
		ids.set(planned.key, id);
		periods.set(planned.key, period);
		result.itemIds.push(id);
		// What stands in the way, as the panel's "blocked" switch records it.
		if (planned.blocked) updateItem(doc, id, { blocked: true, blockedReason: text(planned.blocked) });
		if (planned.metric) writeMetric(doc, id, planned.metric, people[planned.owner], today, locale);
	}

	for (const [a, b] of LINKS) linkItems(doc, ids.get(a)!, ids.get(b)!);
	return result;
}

function periodFor(planned: PlannedItem, today: string, periods: ReadonlyMap<string, string>): string {
	if (planned.parent !== undefined) {
		// A monthly stage: the nth month of its parent quarter.
		const quarter = periodRange(periods.get(planned.parent)!)!;
		return periodsIn(planned.horizon, quarter)[planned.nth ?? 0].period;
	}
	return shiftPeriod(periodOf(planned.horizon, today), planned.offset ?? 0);
}

/**
 * The monthly stage of `quarterKey` whose month holds most of `week` (its Thursday, as ISO
 * weeks are counted); the quarterly target itself when the week lies outside its months.
 */
function stageHolding(quarterKey: string, week: string, periods: ReadonlyMap<string, string>): string {
	const thursday = addDaysTo(periodRange(week)!.start, 3);
	const month = periodOf('month', thursday);
	const stage = PLAN.find((p) => p.parent === quarterKey && periods.get(p.key) === month);
	return stage?.key ?? quarterKey;
}

function writeMetric(doc: Y.Doc, id: string, metric: PlannedMetric, by: string, today: string, locale: ExampleLocale): void {
	const { values, note, ...definition } = metric;
	setMetric(doc, id, definition);
	values.forEach((value, i) => {
		// Weekly check-ins, the last one three days ago, each at 09:30 in Shanghai.
		const day = addDaysTo(today, -3 - 7 * (values.length - 1 - i));
		const last = i === values.length - 1;
		addCheckIn(doc, id, { value, at: `${day}T01:30:00.000Z`, by, note: last && note ? pick(note, locale) : '' });
	});
}
