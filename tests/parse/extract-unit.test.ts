import { describe, expect, it } from "vitest";
import { clauseOrgs, extractUnit, orgAt } from "../../src/parse/extract-unit.ts";

const unit = (headline: string | null, body: string[], kicker: string | null = null, label: string | null = null) =>
  extractUnit({ label, headline, kicker, body }).unit;

describe("extractUnit", () => {
  it("a printed unit label wins over everything else", () => {
    expect(unit("热电分厂：冬季保供", ["炭素事业部开展活动。"], null, "电解厂")).toBe("电解厂");
  });

  it("takes the name before a colon in the headline (长春一东：…)", () => {
    expect(unit("长春一东：助推职工技能提升", ["本报讯 近日，大赛顺利举办。"])).toBe("长春一东");
  });

  it("widens the colon name to the full name the body gives (河南: → 河南省总工会)", () => {
    expect(unit("河南:开展送温暖活动", ["近日，河南省总工会开展送温暖活动，慰问一线职工。"])).toBe("河南省总工会");
    expect(unit("长春一东：助推职工技能提升", ["近日，长春一东离合器股份有限公司举办技能大赛。"])).toBe("长春一东离合器股份有限公司");
  });

  it("takes an organisation at the start of the headline, over a chain of suffixes", () => {
    expect(unit("矿业公司采剥工区党支部开展主题党日活动", ["近日，党支部开展活动。"])).toBe("矿业公司采剥工区党支部");
    expect(unit("重庆气矿铜锣峡储气库完成年度注气任务", [])).toBe("重庆气矿铜锣峡储气库");
  });

  it("falls back to the kicker, then to the first organisation at a clause start in the lead", () => {
    expect(unit("冬季安全不放松", ["全员行动。"], "营口工会联合监管部门开展检查")).toBe("营口工会");
    expect(unit("冬季安全不放松", ["2023 年，精细氧化铝事业部多措并举，抓安全。"])).toBe("精细氧化铝事业部");
  });

  it("finds nothing in a text without organisations", () => {
    expect(unit("踏雪矿山行", ["踏雪矿山行，浓情暖人心。"])).toBeNull();
    expect(unit(null, [])).toBeNull();
  });

  it("explains its choice", () => {
    expect(extractUnit({ label: null, headline: "长春一东：x", kicker: null, body: [] }).why).toMatch(/冒号/);
  });
});

describe("orgAt", () => {
  it("reads an organisation and its chain of sub-units", () => {
    expect(orgAt("矿业公司采剥工区党支部开展活动")).toBe("矿业公司采剥工区党支部");
    expect(orgAt("中铝山西新材料有限公司热电分厂党委召开会议")).toBe("中铝山西新材料有限公司热电分厂党委");
  });

  it("reads an organisation right before a leader's title", () => {
    expect(orgAt("中铝山西新材料总经理郝跃鹏深入调研")).toBe("中铝山西新材料");
  });

  it("stops the chain before a verb", () => {
    expect(orgAt("电解厂组织车间职工学习")).toBe("电解厂");
  });

  it("rejects false suffixes: 工会驿站, 踏雪矿山行, 爱心驿站, 周密部署, 公司领导", () => {
    expect(orgAt("工会驿站正式开放")).toBeNull();
    expect(orgAt("踏雪矿山行")).toBeNull();
    expect(orgAt("爱心驿站开放")).toBeNull();
    expect(orgAt("周密部署各项工作")).toBeNull();
    expect(orgAt("公司领导带队检查")).toBeNull();
  });

  it("a lead sentence's subject right after its date is the unit, with a district's or section's suffix too", () => {
    const unit = (lead: string) => extractUnit({ label: null, headline: null, kicker: null, body: [lead] }).unit;
    expect(unit("6月12日，机运区在主斜井开展消防应急演练。")).toBe("机运区");
    expect(unit("近日，通风科组织职工学习新规程。")).toBe("通风科");
    expect(unit("6月12日，该矿在主斜井开展消防应急演练。")).toBeNull();
    expect(unit("记者在主斜井看到，职工们正在演练。")).toBeNull();
  });

  it("a meeting's name and a quoted channel name are not who acted", () => {
    expect(orgAt("东坡市工会第三次代表大会")).toBeNull();
    expect(orgAt("西岭矿业工会会员代表大会")).toBeNull();
    expect(clauseOrgs("通过“东坡工会”微信公众号报名，西岭煤矿组织职工参加。")).toEqual(["西岭煤矿"]);
  });

  it("clauseOrgs lists organisations at clause starts in reading order", () => {
    expect(clauseOrgs("2023 年，电解厂坚持安全生产；热电分厂强化管理。")).toEqual(["电解厂", "热电分厂"]);
  });
});
