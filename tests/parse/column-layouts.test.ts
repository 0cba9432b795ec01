/**
 * Layouts of PDF text whose blank lines mean little (a double-spaced page) or whose headline is set wider than
 * the text column: fixtures written for each, each a short page of its own.
 */
import { describe, expect, it } from "vitest";
import { articleWith, parse } from "./helpers.ts";

/** A blank line under every line: how some tools extract a page. */
const doubleSpace = (...ls: string[]) => ls.map((l) => (l ? `${l}\n` : l)).join("\n");

describe("a headline set wider than its narrow column", () => {
  // A notice signed without a full stop, then the next piece's headline across two columns, its rest on the
  // line below, then its text in a column of twelve to fourteen characters.
  const page = doubleSpace(
    "关于举办职工书法比赛的通知",
    "",
    "各基层工会：为丰富职工文化生活，",
    "工会决定举办职工书法比赛。请各单",
    "位积极组织职工参加，截稿日期为3",
    "月31日，作品请交工会宣传部",
    "主办单位：某某集团工会",
    "承办单位：某某集团职工文化活动中",
    "心",
    "",
    "红星区供电公司对辖区重点线路开展冬季安全",
    "隐患排查",
    "",
    "为了做好冬季电网安全运行工作，",
    "有效防范各类安全事故发生，近日，",
    "红星区供电公司对辖区内重点线路",
    "开展了冬季安全隐患排查。",
    "排查组逐基检查杆塔和导线，对发现",
    "的问题当场登记，限期整改到位。",
  );

  it("starts a piece under it, with the two lines as its headline", () => {
    const rec = parse(page);
    const piece = articleWith(rec, "为了做好冬季电网安全运行工作");
    expect(piece.headline).toBe("红星区供电公司对辖区重点线路开展冬季安全隐患排查");
    expect(piece.body.join("")).not.toContain("书法");
    expect(articleWith(rec, "承办单位").body.join("")).not.toContain("冬季");
  });
});

describe("a double-spaced page", () => {
  it("a writer's name wrapped onto its own line, then the headline printed under the piece", () => {
    const rec = parse(doubleSpace(
      "某某电力报",
      "",
      "为进一步弘扬工匠精神，某某供电公",
      "司于5月8日举办配网运维技能竞赛，",
      "来自各单位的四十余名选手同台竞技。",
      "此次竞赛不仅给职工搭建了展示风采",
      "的舞台，更是一次交流经验的契机。张",
      "三",
      "供电职工竞技展风采",
      "为庆祝五一国际劳动节，营造和谐的",
      "生产氛围，4月25日，某某电站工会",
      "组织开展了安全知识竞赛活动。",
    ));
    const contest = articleWith(rec, "为进一步弘扬工匠精神");
    expect(contest.headline).toBe("供电职工竞技展风采");
    expect(contest.body.join("")).not.toContain("五一");
    expect(articleWith(rec, "为庆祝五一").body.join("")).not.toContain("工匠");
  });

  it("a reporter credit wrapped inside a name across the blank line closes the piece, it heads nothing", () => {
    const rec = parse(doubleSpace(
      "某某钢铁报",
      "",
      "近日，炼钢车间组织职工开展高温岗位慰问活动，为一线职工送去",
      "清凉，并为职工配发了防暑降温药品和饮料。通讯员张小",
      "明李四报道",
      "近日，轧钢车间开展设备点检竞赛，二十名点检员参加了",
      "比赛。比赛分理论考试和实际操作两部分，理论考试考察",
      "设备点检规程，实际操作考察点检仪器的使用。经过一天",
      "的角逐，精轧作业区代表队获得团体第一名。车间负责人",
      "表示，将以赛促学，进一步提高点检员的技能水平。",
    ));
    expect(articleWith(rec, "炼钢车间").body.join("")).toMatch(/饮料。$/);
    expect(articleWith(rec, "炼钢车间").authors.length).toBeGreaterThan(0);
    expect(articleWith(rec, "轧钢车间").headline).toBeNull();
  });
});

describe("a double-spaced poem", () => {
  // A literary page: the writer's name, then the poem's short lines, no punctuation. Double-spaced, every line has a
  // blank line under it; the poem must read as it does single-spaced.
  const poem = ["某某能源报", "", "第3版 副刊", "", "·王小丽·", "黎明", "站在井口张开双臂", "与初升的太阳相拥", "迈着整齐的步伐",
    "唱着嘹亮的歌", "走向百米深处", "寻找黑色的精灵", "我们是矿工"];
  const read = (text: string) => parse(text).articles.map((a) => ({ headline: a.headline, authors: a.authors, body: a.body.join(""), kind: a.kind }));

  it("reads as the same poem single-spaced, the writer's name its credit", () => {
    const single = read(poem.join("\n"));
    expect(single).toEqual([expect.objectContaining({ authors: ["王小丽"], body: expect.stringContaining("站在井口张开双臂") })]);
    expect(read(doubleSpace(...poem))).toEqual(single);
  });
});

describe("a notice's numbered parts", () => {
  it("\"…通知如下：\" / \"一、活动主题\": the part starts a paragraph of its own", () => {
    const rec = parse(doubleSpace(
      "# 关于开展职工征文活动的通知",
      "",
      "各分工会：为展现职工风采，工会决定开展职工征文活动。具体通知如下：",
      "",
      "一、活动主题",
      "",
      "奋斗新时代",
      "",
      "二、活动要求",
      "",
      "1.征文内容要紧扣主题，文体不限。",
    ));
    const notice = articleWith(rec, "各分工会");
    expect(notice.body.some((p) => p.startsWith("一、活动主题"))).toBe(true);
    expect(notice.body.some((p) => p.endsWith("一、活动主题") && p.length > 6)).toBe(false);
  });
});
