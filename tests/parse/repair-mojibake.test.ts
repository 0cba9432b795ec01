import { describe, expect, it } from "vitest";
import { mojibakeSignals, repairText } from "../../src/parse/repair-mojibake.ts";
import { parse } from "./helpers.ts";

/** Enough unmistakable signals (袁 between ideographs, 遥 at a sentence end) for a file to count as mojibake. */
const SIGNAL = "今年以来袁车间全体员工坚持安全第一遥大家袁齐心协力遥";
const fix = (s: string) => repairText(`${SIGNAL}\n${s}`).text.split("\n").slice(1).join("\n");

describe("repairMojibake (repairText)", () => {
  it("the signal text alone is above the threshold", () => {
    expect(mojibakeSignals(SIGNAL)).toBeGreaterThanOrEqual(3);
    expect(repairText(SIGNAL).text).toBe("今年以来，车间全体员工坚持安全第一。大家，齐心协力。");
  });

  it("袁 → ， and 遥 → 。 in punctuation position", () => {
    expect(fix("工人们干劲十足袁产量稳步提升遥")).toBe("工人们干劲十足，产量稳步提升。");
  });

  it("渊…冤 → （…）: a bracketed byline", () => {
    expect(fix("圆满完成任务遥渊张俊峰冤")).toBe("圆满完成任务。（张俊峰）");
  });

  it("野…冶 → “…”, even where the opener starts a real word (野战)", () => {
    expect(fix("彰显组织野战斗力冶袁擦亮野金字招牌冶遥")).toBe("彰显组织“战斗力”，擦亮“金字招牌”。");
  });

  it("叶…曳 → 《…》", () => {
    expect(fix("认真学习叶安全生产法曳遥")).toBe("认真学习《安全生产法》。");
  });

  it("尧 → 、 and 曰 → ；", () => {
    expect(fix("安全尧环保尧质量全面提升曰成本持续下降遥")).toBe("安全、环保、质量全面提升；成本持续下降。");
  });

  it("院 → ： only after a word that introduces speech", () => {
    expect(fix("他说院大家辛苦了遥")).toBe("他说：大家辛苦了。");
    expect(fix("公司召开院务会遥")).toBe("公司召开院务会。");
  });

  it("要要 → —— and 噎噎 → ……, the doubled marks; 还要要求 stays", () => {
    expect(fix("家就是三口人要要母亲尧姐姐和我遥")).toBe("家就是三口人——母亲、姐姐和我。");
    expect(fix("他说院野等一等噎噎冶")).toBe("他说：“等一等……”");
    expect(fix("会上还要要求各单位落实遥")).toBe("会上还要要求各单位落实。");
  });

  it("院 → ： in a page's staff credit dropped into a column (责任编辑院张三 版式院李四)", () => {
    expect(fix("竞赛采取\n责任编辑院高建军 版式院刘洋\n抢答形式遥")).toBe("竞赛采取\n责任编辑：高建军 版式：刘洋\n抢答形式。");
  });

  it("荫 → ◆ at a line start (the author mark of a literary piece)", () => {
    expect(fix("荫 卫敬强")).toBe("◆ 卫敬强");
    expect(fix("荫\n段")).toBe("◆\n段");
  });

  it("keeps real words that contain look-alike characters: 遥远 医院 冶金 树荫 叶子", () => {
    expect(fix("遥远的山村里袁有一座医院遥冶金工人在树荫下休息袁叶子落了一地遥")).toBe(
      "遥远的山村里，有一座医院。冶金工人在树荫下休息，叶子落了一地。",
    );
  });

  it("leaves a clean text with one 袁 surname untouched (below the signal threshold)", () => {
    const clean = "袁隆平是著名的农业科学家。他一生致力于杂交水稻研究，遥想当年，困难重重。";
    expect(mojibakeSignals(clean)).toBeLessThan(3);
    expect(repairText(clean)).toEqual({ text: clean, repaired: 0 });
  });

  it("repairs 尧 and 曰 at a line end (a broken line, not a name)", () => {
    expect(fix("党员修旧利废尧\n降本增效曰\n成效明显遥")).toBe("党员修旧利废、\n降本增效；\n成效明显。");
  });

  it("replaces one character for one: length and line breaks are unchanged", () => {
    const src = `${SIGNAL}\n渊张三冤野好冶\n叶书曳尧曰`;
    const out = repairText(src);
    expect(out.text.length).toBe(src.length);
    expect(out.text.split("\n").length).toBe(src.split("\n").length);
    expect(out.repaired).toBe([...src].filter((c, i) => c !== out.text[i]).length);
  });

  it("the pass reports how many characters it repaired on the issue record", () => {
    const rec = parse(`劲旅讯 ${SIGNAL}\n渊张三冤`);
    expect(rec.mojibakeRepaired).toBe(6); // 2 袁, 2 遥, 渊, 冤
    expect(rec.articles[0]!.authors).toEqual(["张三"]);
  });
});

describe("repairMojibake across line breaks, mixed fonts and labels", () => {
  it("a mark at the start of a line reads the previous line's last character: 袁 遥 尧 曰", () => {
    expect(fix("班组利用午休时间开展技术培训\n袁帮助新员工尽快上手遥仓库完成盘点\n遥下一步将清理\n尧归档旧账\n曰年底前完成遥")).toBe(
      "班组利用午休时间开展技术培训\n，帮助新员工尽快上手。仓库完成盘点\n。下一步将清理\n、归档旧账\n；年底前完成。",
    );
  });

  it("a double-spaced file: the neighbour is across the blank line; a mark alone on its line is punctuation", () => {
    expect(fix("检修人员冒雨更换变压器\n\n袁确保居民用电遥\n\n抢修持续到深夜\n\n遥\n\n第二天一早")).toBe(
      "检修人员冒雨更换变压器\n\n，确保居民用电。\n\n抢修持续到深夜\n\n。\n\n第二天一早",
    );
  });

  it("a space between a number and the mark does not hide it", () => {
    expect(fix("销量同比增长 12.5% 袁利润增长 8% 袁均创新高遥")).toBe("销量同比增长 12.5% ，利润增长 8% ，均创新高。");
  });

  it("real words are read across a line break too: 茶\\n叶, 遥\\n远, a line-start 袁 after a repaired 。", () => {
    expect(fix("职工们带来了茶\n叶尧水果遥\n袁平同志发言遥路途遥\n远袁大家坚持到底遥")).toBe(
      "职工们带来了茶\n叶、水果。\n袁平同志发言。路途遥\n远，大家坚持到底。",
    );
  });

  it("a file that mixes fonts: the GBK article is repaired, the clean one keeps 袁隆平, 遥远, 医院, 冶金, 叶子, 树荫", () => {
    const clean = "农技站请来专家讲课，大家听得很认真。主讲人提到了\n袁隆平的故事，又说起遥远的山村\n医院，讲到冶金\n工人在树荫下歇脚，叶子沙沙作响。";
    const gbk = "机修车间组织技术比武\n袁参赛选手各显身手遥比赛设置拆装尧调试两个项目\n遥";
    expect(fix(`${clean}\n\n${gbk}`)).toBe(
      `${clean}\n\n机修车间组织技术比武\n，参赛选手各显身手。比赛设置拆装、调试两个项目\n。`,
    );
  });

  it("院 after a label before its value is the colon", () => {
    expect(fix("夜班随想\n作者院刘一鸣\n\n车间里灯火通明遥")).toBe("夜班随想\n作者：刘一鸣\n\n车间里灯火通明。");
    expect(fix("如有疑问请致电遥\n咨询电话院12345")).toBe("如有疑问请致电。\n咨询电话：12345");
    expect(fix("会议通知\n\n各分会工会小组院\n\n现将有关事项通知如下院\n一尧参赛对象院全体在岗职工遥")).toBe(
      "会议通知\n\n各分会工会小组：\n\n现将有关事项通知如下：\n一、参赛对象：全体在岗职工。",
    );
    expect(fix("线路检修完毕遥\n检修范围院东大街以南遥")).toBe("线路检修完毕。\n检修范围：东大街以南。");
    expect(fix("师傅叮嘱院野注意安全冶遥全年拿下三项第一院 2024 年袁车间首次获奖遥")).toBe(
      "师傅叮嘱：“注意安全”。全年拿下三项第一： 2024 年，车间首次获奖。",
    );
  });

  it("院 in a real word stays in label position, beside a label whose 院 is the colon: 研究院 设计院 卫生院 养老院 家属院, 院长 院士 院子", () => {
    const real = "厂里请来了\n研究院专家遥\n设计院人员到场遥\n卫生院医生义诊遥\n养老院老人观看遥宿舍区\n家属院、小区都通了气遥\n院长院士院子都在遥";
    expect(fix(`通讯员院王小明\n${real}`)).toBe(`通讯员：王小明\n${real.replace(/遥/g, "。")}`);
  });

  it("a bracket wrapped over the blank line of a double-spaced file closes; one after a paragraph end does not", () => {
    expect(fix("本报讯 （通讯员 赵明 孙\n\n丽 记者 钱多冤近日袁村里通了新线路遥")).toBe(
      "本报讯 （通讯员 赵明 孙\n\n丽 记者 钱多）近日，村里通了新线路。",
    );
    expect(fix("方案见附表（一遥\n\n冤情终于查清遥")).toBe("方案见附表（一。\n\n冤情终于查清。");
  });

  it("one character for one, and the count of repairs, with marks at line edges", () => {
    const src = `${SIGNAL}\n技术培训\n袁提升\n\n遥\n作者院王五\n（张三 李\n\n四冤`;
    const out = repairText(src);
    expect(out.text.length).toBe(src.length);
    expect(out.text.split("\n").map((l) => l.length)).toEqual(src.split("\n").map((l) => l.length));
    expect(out.repaired).toBe([...src].filter((c, i) => c !== out.text[i]).length);
    expect(out.text.endsWith("技术培训\n，提升\n\n。\n作者：王五\n（张三 李\n\n四）")).toBe(true);
    expect(parse(src).mojibakeRepaired).toBe(out.repaired); // the count the pass reports on the issue record
  });
});
