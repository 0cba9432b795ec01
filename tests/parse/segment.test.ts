import { describe, expect, it } from "vitest";
import { articleWith, lines, parse } from "./helpers.ts";

describe("segment: where pieces start and end", () => {
  it("starts a piece at each dateline 劲旅讯 / 又讯 / 本报讯", () => {
    const rec = parse(lines(
      "劲旅讯 近日，公司召开安全会议，各单位负责人参加。",
      "又讯 日前，公司开展消防演练，员工积极参与。",
      "本报讯 昨天，公司举行表彰大会。",
    ));
    expect(rec.articles.map((a) => a.dateline)).toEqual(["劲旅讯", "又讯", "本报讯"]);
    expect(rec.articles.map((a) => a.source.lines)).toEqual([[[1, 1]], [[2, 2]], [[3, 3]]]);
  });

  it("keeps the dateline in body[0]", () => {
    expect(parse("本报讯 昨天，公司举行表彰大会。").articles[0]!.body[0]).toBe("本报讯 昨天，公司举行表彰大会。");
  });

  it("does not start a piece at a line beginning with …通讯… or …控讯号… in mid-sentence", () => {
    const rec = parse(lines(
      "劲旅讯 近日，公司召开培训会，各单位",
      "通讯员参加了培训，电解厂的槽",
      "控讯号传输系统也得到展示。大家认为收获很大。",
      "（王五）",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.body).toEqual(["劲旅讯 近日，公司召开培训会，各单位通讯员参加了培训，电解厂的槽控讯号传输系统也得到展示。大家认为收获很大。"]);
  });

  it("closes a piece at a trailing byline （name） and makes it the authors", () => {
    const rec = parse(lines(
      "劲旅讯 近日，公司召开安全会议，部署冬季安全工作。（张俊峰）",
      "会议之后，各单位迅速行动，开展隐患排查。",
    ));
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[0]).toMatchObject({ authors: ["张俊峰"], byline: "（张俊峰）", body: ["劲旅讯 近日，公司召开安全会议，部署冬季安全工作。"] });
    expect(rec.articles[1]!.authors).toEqual([]);
  });

  it("a bracketed byline on its own line closes the piece above", () => {
    const rec = parse(lines("劲旅讯 近日，公司召开会议。", "(王星芸)", "会后，各单位迅速行动，开展隐患排查。"));
    expect(rec.articles.map((a) => a.authors)).toEqual([["王星芸"], []]);
  });

  it("splits the 又讯 pair's shared byline （卫 玲 周二红）: first name to the first piece, the rest to the 又讯 piece", () => {
    const rec = parse(lines(
      "劲旅讯 2023 年以来，电解厂坚持安全生产，",
      "全年产量超额完成。",
      "又讯 2023 年以来，电控分公司强化设备管理，",
      "故障率明显下降。",
      "（卫 玲 周二红）",
    ));
    expect(rec.articles.map((a) => [a.dateline, a.authors, a.unit])).toEqual([
      ["劲旅讯", ["卫玲"], "电解厂"],
      ["又讯", ["周二红"], "电控分公司"],
    ]);
  });

  it("a ◆-signed piece is literary, its title (repeated in the text) is its headline, not a unit", () => {
    const rec = parse(lines(
      "冬日的阳光", "",
      "冬日的阳光洒在厂区，工人们在岗位上忙碌着，", "炉火映红了他们的脸庞。", "",
      "◆ 卫敬强",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]).toMatchObject({ kind: "literary", headline: "冬日的阳光", authors: ["卫敬强"], unit: null, byline: "◆ 卫敬强" });
  });

  it("a literary piece signed with a mojibake 荫 in a mojibake file is literary too", () => {
    const rec = parse(lines(
      "又站在新一年的起点上袁我望着东方徐徐升起的朝阳袁", "总觉得与往日有些不同遥这轮朝阳很美好袁金光灿烂遥", "",
      "荫 闫学温",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]).toMatchObject({ kind: "literary", authors: ["闫学温"] });
    expect(rec.articles[0]!.body.join("")).not.toMatch(/[袁遥荫]/);
  });
});

describe("photos and captions", () => {
  it("a piece ending '摄影报道 name' is a photo piece credited to its photographer", () => {
    const rec = parse("劲旅讯 近日，热电分厂开展消防应急演练，员工熟练使用正压式空气呼吸器。 摄影报道 崔丽娜");
    expect(rec.articles[0]).toMatchObject({
      kind: "photo", authors: ["崔丽娜"], credits: [{ name: "崔丽娜", role: "photographer" }],
      body: ["劲旅讯 近日，热电分厂开展消防应急演练，员工熟练使用正压式空气呼吸器。"],
    });
  });

  it("a bare photo credit below a wide gap turns the text above it into a photo piece", () => {
    const rec = parse(lines(
      "劲旅讯 近日，公司召开会议，部署冬季安全工作。", "会议要求，各单位加强巡检。", "", "",
      "支部党员认真学习，积极参与评比，学习成果转化为工作动力。", "",
      "摄影报道 薛丽菲 崔 磊",
    ));
    expect(rec.articles.map((a) => a.kind)).toEqual(["news", "photo"]);
    expect(rec.articles[1]).toMatchObject({ authors: ["薛丽菲", "崔磊"], body: ["支部党员认真学习，积极参与评比，学习成果转化为工作动力。"] });
  });

  it("short captions '… name 摄' after a news piece become its captions and the photographer joins its authors", () => {
    const rec = parse(lines(
      "劲旅讯 近日，公司召开安全生产会议，部署冬季安全工作。会议要求各单位加强巡检。",
      "安全生产会议现场 米国伟 摄",
      "图为会议现场。 张 明 摄",
      "（王五）",
    ));
    expect(rec.articles).toHaveLength(1);
    const a = rec.articles[0]!;
    expect(a.captions).toEqual(["安全生产会议现场 米国伟 摄", "图为会议现场。 张 明 摄"]);
    expect(a.authors).toEqual(["王五", "米国伟", "张明"]);
    expect(a.credits.filter((c) => c.role === "photographer").map((c) => c.name)).toEqual(["米国伟", "张明"]);
    expect(a.body.join("")).not.toContain("摄");
  });

  it("a caption with a credit and nothing above it is a stand-alone photo", () => {
    const rec = parse(lines("鹤望新岁 摄影 卫志毅"));
    expect(rec.articles[0]).toMatchObject({ kind: "photo", headline: "鹤望新岁", authors: ["卫志毅"] });
  });
});

describe("attachHeadlines", () => {
  it("a unit label and headline printed AFTER a piece attach to that piece", () => {
    const rec = parse(lines(
      "劲旅讯 今年以来，电解厂员工认真学习，", "积极工作，取得了好成绩。", "（张三）", "",
      "电解厂", "",
      "安全生产开新局 创新驱动增效益", "",
      "劲旅讯 近日，热电分厂召开会议，部署", "全年工作。", "（李四）", "",
      "热电分厂", "",
      "凝心聚力谋发展",
    ));
    expect(rec.articles.map((a) => [a.unit, a.headline, a.authors])).toEqual([
      ["电解厂", "安全生产开新局 创新驱动增效益", ["张三"]],
      ["热电分厂", "凝心聚力谋发展", ["李四"]],
    ]);
    expect(rec.unplaced).toEqual([]);
  });

  it("assigns a detached headline block (shuffled, with a subheadline) by content over the whole page", () => {
    const rec = parse(lines(
      "本报讯 近日，重庆气矿铜锣峡储气库圆满完成年度注气任务，累计注气量创历史新高。", "（张明）", "",
      "本报讯 巴州供电公司开展冬季电网巡检，保障居民冬季用电安全，巡检线路三百公里。", "（李华）", "",
      "本报讯 长春一东离合器公司举办职工技能大赛，两百名职工参加焊接车工比赛。", "（王强）", "",
      "巴州供电开展冬季电网巡检", "",
      "长春一东举办职工技能大赛", "",
      "铜锣峡储气库完成年度注气任务", "",
      "累计注气量创历史新高",
    ));
    expect(rec.articles).toHaveLength(3);
    expect(articleWith(rec, "储气库")).toMatchObject({ headline: "铜锣峡储气库完成年度注气任务", subheadline: "累计注气量创历史新高" });
    expect(articleWith(rec, "巴州")).toMatchObject({ headline: "巴州供电开展冬季电网巡检", subheadline: null });
    expect(articleWith(rec, "长春一东")).toMatchObject({ headline: "长春一东举办职工技能大赛", subheadline: null });
    expect(rec.unplaced).toEqual([]);
  });

  it("a title line that fits no piece stays unplaced with a warning", () => {
    const rec = parse(lines("本报讯 近日，公司召开安全会议，部署冬季安全工作。", "（张明）", "", "春风送暖迎新年"));
    expect(rec.articles[0]!.headline).toBeNull();
    expect(rec.unplaced).toEqual([{ text: "春风送暖迎新年", lines: [4, 4], reason: "title line that matched no article" }]);
    expect(rec.warnings.some((w) => w.pass === "attachHeadlines" && w.message.includes("春风送暖迎新年"))).toBe(true);
  });

  it("a unit-like label with no piece to take it stays unplaced instead of vanishing", () => {
    expect(parse("中铝工会").unplaced.map((u) => u.text)).toEqual(["中铝工会"]);
  });

  it("a two-name label line with only one piece for it loses neither name", () => {
    const rec = parse(lines("本报讯 近日，电解厂和热电分厂召开联席会议。（张三）", "", "电解厂 热电分厂"));
    const placed = [...rec.articles.map((a) => a.headline), ...rec.unplaced.map((u) => u.text)];
    expect(placed).toContain("电解厂 热电分厂");
  });

  it("a column label line before a piece becomes its column", () => {
    const rec = parse(lines("“安 康 杯”征文", "", "闲来翻阅诗集，读到了晚唐诗人的一首诗，", "诗句富含哲理，很有借鉴意义。", "", "◆ 卫敬强"));
    expect(rec.articles[0]).toMatchObject({ column: "“安康杯”征文", kind: "literary" });
  });
});

describe("markdown OCR pages", () => {
  const page = lines(
    "## 凝心聚力促发展",
    "# 公司召开年度工作会议",
    "本报讯（记者马学礼 李静楠）日前，公司召开年度工作会议。会议总结了全年工作。",
    "## 技能提升“竞技场”",
    "会议要求，各单位要加强技能培训。",
    "## G 新闻特写",
    "# 一线工人的一天",
    "清晨六点，王师傅已经到了车间。他检查设备，记录数据。",
    "记者 李俊华 通讯员 杜晨媛",
  );

  it("`# ` is a headline and a `## ` right before it is the kicker", () => {
    const a = parse(page).articles[0]!;
    expect(a).toMatchObject({ headline: "公司召开年度工作会议", kicker: "凝心聚力促发展", dateline: "本报讯" });
    expect(a.credits).toEqual([{ name: "马学礼", role: "reporter" }, { name: "李静楠", role: "reporter" }]);
  });

  it("a `## ` inside a piece is an in-body subhead", () => {
    const a = parse(page).articles[0]!;
    expect(a.body).toEqual(["本报讯（记者马学礼 李静楠）日前，公司召开年度工作会议。会议总结了全年工作。", "技能提升“竞技场”", "会议要求，各单位要加强技能培训。"]);
    expect(a.subheads).toEqual([1]);
  });

  it("a `## ` column label \"G 新闻特写\" sets the column (logo letter dropped), not the kicker", () => {
    const a = parse(page).articles[1]!;
    expect(a).toMatchObject({ headline: "一线工人的一天", column: "新闻特写", kicker: null });
    expect(a.credits).toEqual([{ name: "李俊华", role: "reporter" }, { name: "杜晨媛", role: "correspondent" }]);
    expect(a.body).toEqual(["清晨六点，王师傅已经到了车间。他检查设备，记录数据。"]);
  });

  it("a `## ` title before a photo story is its headline", () => {
    const rec = parse(lines("## 冬日巡检", "巡检人员冒着严寒检查输电线路，确保居民冬季用电安全无虞，大家干劲十足。 本报通讯员 赵平 潘媛媛 摄"));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]).toMatchObject({ headline: "冬日巡检", kind: "photo", authors: ["赵平", "潘媛媛"] });
  });
});

describe("web pages", () => {
  const web = lines(
    "首页",
    "新闻中心",
    "地址：山西省太原市小店区长风街123号",
    "0351-1234567",
    "service@example.com",
    "时政要闻",
    "中铝集团工会开展送温暖活动，慰问一线职工",
    "来源:中铝集团  点击:  时间:2024-04-25",
    "本报讯 近日，中铝集团工会开展送温暖活动，走访慰问一线职工，送去慰问品。",
    "活动受到职工欢迎，大家表示将努力工作。",
    "本文摘要:中铝集团工会开展送温暖活动",
    "关键词:送温暖",
    "上一篇:无",
  );

  it("the line above the meta line is the headline, even with clause punctuation", () => {
    const rec = parse(web);
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.headline).toBe("中铝集团工会开展送温暖活动，慰问一线职工");
    expect(rec.articles[0]!.source.lines).toEqual([[9, 10]]);
  });

  it("chrome, navigation, meta and footer lines go to unplaced with reasons", () => {
    const rec = parse(web);
    const reasons = Object.fromEntries(rec.unplaced.map((u) => [u.lines[0], u.reason]));
    expect(reasons).toEqual({
      1: "site chrome", 2: "site navigation", 3: "site chrome", 4: "site chrome", 5: "site chrome", 6: "site navigation",
      8: "web page meta line", 11: "web page footer", 12: "web page footer", 13: "web page footer",
    });
    expect(rec.articles[0]!.body.join("")).not.toMatch(/来源|关键词|首页/);
  });

  it("a masthead line glued after a byline is cut off into unplaced", () => {
    const rec = parse("劲旅讯 日前，公司获得多项荣誉，荣获三等奖。（杜亮芳）中铝山西新材料有限公司党委 主 管 党委工作部 主 办");
    expect(rec.articles[0]).toMatchObject({ authors: ["杜亮芳"], body: ["劲旅讯 日前，公司获得多项荣誉，荣获三等奖。"] });
    expect(rec.unplaced).toEqual([{ text: "中铝山西新材料有限公司党委 主 管 党委工作部 主 办", lines: [1, 1], reason: "masthead" }]);
  });
});

describe("records", () => {
  it("numbers articles from 1 in page order and gives each the issue date", () => {
    const rec = parse(lines("本报讯 近日，公司召开会议。", "（甲乙）", "本报讯 昨天，公司举行大会。"));
    expect(rec.articles.map((a) => [a.index, a.date])).toEqual([[1, "2024-01-01"], [2, "2024-01-01"]]);
  });

  it("a headline ending 通知 makes a notice", () => {
    const rec = parse(lines("# 关于春节放假安排的通知", "各单位：根据国家规定，春节放假七天，请做好值班安排。"));
    expect(rec.articles[0]!.kind).toBe("notice");
  });
});
