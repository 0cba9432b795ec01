/**
 * Layouts of papers the parser was not written for, each reproduced by a short text of our own: print
 * furniture in every arrangement, bylines above the body, headline stacks, agency datelines, ▲ briefs,
 * bare writer names under essay titles, OCR headings split over two "# " lines.
 */
import { describe, expect, it } from "vitest";
import { isCommonWord, isPersonName } from "../../src/parse/names.ts";
import { parseByline } from "../../src/parse/parse-byline.ts";
import { articleWith, lines, parse } from "./helpers.ts";

describe("page furniture of print pages", () => {
  const page = lines(
    "青山矿业报",
    "第2版 矿区新闻",
    "",
    "青山矿业集团党委主办",
    "2022年6月10日 星期五 第23期（总第901期）",
    "",
    "东坡矿开展安全知识竞赛",
    "本报讯 6月8日，东坡矿工会在职工之家举办安全知识竞赛，",
    "十二支代表队参加了比赛。",
    "本版编辑：吴六 校对：郑七",
    "竞赛分必答、抢答两轮，掘进队获得第一名。",
  );

  it("masthead, date line, page label and staff credit are unplaced, never a headline", () => {
    const rec = parse(page);
    const reasons = rec.unplaced.map((u) => u.reason);
    expect(reasons).toEqual(["masthead", "page label", "masthead", "masthead date line", "page staff credit"]);
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.headline).toBe("东坡矿开展安全知识竞赛");
  });

  it("a sentence broken by the staff credit that extraction dropped into it is one piece", () => {
    const a = parse(page).articles[0]!;
    expect(a.body.join("")).toContain("十二支代表队参加了比赛。");
    expect(a.body.join("")).toContain("掘进队获得第一名。");
  });

  it("a bare date signs a notice after its text, but is the e-paper's stamp between headline and text", () => {
    const notice = parse(lines("停水通知", "", "因管道检修，厂区明日停水一天。", "", "后勤服务中心", "", "2022年6月9日"));
    expect(notice.articles[0]!.body.join("")).toContain("2022年6月9日");
    const epaper = parse(lines("出版日期:2022年06月10日", "", "夏日的井口", "", "2022年06月10日", "", "晨风吹过井口，矿灯一盏盏亮起来。"));
    expect(epaper.unplaced.map((u) => u.text)).toContain("2022年06月10日");
    expect(epaper.articles[0]!.headline).toBe("夏日的井口");
  });
});

describe("portal pages", () => {
  it("the breadcrumb and the site header above the headline are chrome; the headline is the line above the meta line", () => {
    const rec = parse(lines(
      "首页", "职工之声网 www.example.cn", "当前位置:首页 > 基层动态", "",
      "东坡矿工会开展夏送清凉活动", "", "来源:职工之声网 点击: 时间:2022-06-10 09:00", "",
      "本网讯 近日,东坡矿工会为一线职工送去防暑用品。", "", "本文关键词:送清凉",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.headline).toBe("东坡矿工会开展夏送清凉活动");
    expect(rec.unplaced.map((u) => u.text)).toContain("当前位置:首页 > 基层动态");
  });
});

describe("datelines of agencies and portals", () => {
  it("starts a piece at 本网讯 / XX网讯： / XX网某地6月8日电 run straight into the text", () => {
    const rec = parse(lines(
      "东坡矿开展安全知识竞赛",
      "本网讯近日，东坡矿举办安全知识竞赛，职工踊跃参加。",
      "西岭矿举行技能比武",
      "矿山信息网讯：6月8日，西岭矿举行技能比武。",
      "南川选煤厂开展演练",
      "能源网南川6月8日电 （记者 钱八 通讯员 孙九）南川选煤厂日前开展应急演练。",
    ));
    expect(rec.articles).toHaveLength(3);
    expect(rec.articles[2]!.authors).toEqual(["钱八", "孙九"]);
  });
});

describe("bylines printed above the body", () => {
  it("a ■ byline under a kicker and headline: the stack is placed by the layout, the names credited", () => {
    const rec = parse(lines(
      "前一篇的最后一段文字写在这里，到此结束。（周十）",
      "",
      "迎峰度夏保供电",
      "西岭供电所无人机巡线跑出加速度",
      "■通讯员 吴一 郑二",
      "本报讯 6月上旬，西岭供电所用无人机巡视线路二十条，发现缺陷十处。",
    ));
    const a = articleWith(rec, "无人机巡视");
    expect(a).toMatchObject({ kicker: "迎峰度夏保供电", headline: "西岭供电所无人机巡线跑出加速度", authors: ["吴一", "郑二"] });
    expect(articleWith(rec, "前一篇").authors).toEqual(["周十"]);
  });

  it("a subheadline opening with a dash stays under its headline", () => {
    const rec = parse(lines("坚守岗位 我们一路同行", "——写在公司成立三十周年之际", "记者 王五", "三十年来，公司走过了不平凡的道路。"));
    expect(rec.articles[0]).toMatchObject({ headline: "坚守岗位 我们一路同行", subheadline: "——写在公司成立三十周年之际", authors: ["王五"] });
  });

  it("a bare name (or place and name) under an essay's title is its writer, not a headline line", () => {
    const rec = parse(lines("井口的灯", "东川 刘晓梅", "", "每天清晨，我都会看见井口那盏灯。", "它陪着矿工们下井，又等着他们回来。"));
    expect(rec.articles[0]).toMatchObject({ headline: "井口的灯", authors: ["刘晓梅"] });
    expect(JSON.stringify(rec)).toContain("东川"); // the place is kept in the byline as printed
  });
});

describe("headline lines", () => {
  it("a headline wrapped over two lines is one headline; a shorter line below a longer one is not its rest", () => {
    const rec = parse(lines(
      "青山矿业集团开展第三届职工技能大赛暨岗位练",
      "兵活动",
      "通讯员 冯三",
      "本报讯 近日，集团举办第三届职工技能大赛，二百名职工参赛。",
    ));
    expect(rec.articles[0]!.headline).toBe("青山矿业集团开展第三届职工技能大赛暨岗位练兵活动");
  });

  it("an OCR headline split over two '# ' lines is joined", () => {
    const rec = parse(lines("# 全省职工书画大赛启动", "", "# “劳动创造美好生活”", "", "本报讯 近日，全省职工书画大赛正式启动。"));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.headline).toBe("全省职工书画大赛启动 “劳动创造美好生活”");
  });
});

describe("headlines printed in place, pieces with no dateline", () => {
  // A single-spaced PDF page read in order: each piece's headline set off by blank lines where it starts.
  const page = lines(
    "西岭钢铁报",
    "",
    "炼钢厂完成转炉大修",
    "",
    "本报讯 3月2日，炼钢厂二号转炉大修完工，比计划提前两天投产。",
    "大修期间，检修人员分三班轮换作业。",
    "",
    "区总工会到轧钢厂“送温暖”",
    "",
    "区总工会副主席王海、李明为一线职工送上慰问品",
    "",
    "近日，区总工会副主席王海一行来到轧钢厂，慰问坚守岗位的轧钢工人，",
    "送去棉衣和慰问金。",
    "轧钢厂工会主席陪同慰问。",
    "",
    "冷轧车间",
    "",
    "二、活动要求",
    "",
    "各车间按时报名。",
  );

  it("a title between a finished piece and text opens the next piece; a set-off line under it is its subheadline", () => {
    const rec = parse(page);
    expect(rec.articles.map((a) => a.headline)).toEqual(["炼钢厂完成转炉大修", "区总工会到轧钢厂“送温暖”"]);
    expect(rec.articles[1]!.subheadline).toBe("区总工会副主席王海、李明为一线职工送上慰问品");
    expect(rec.articles[1]!.body[0]).toMatch(/^近日，区总工会/);
  });

  it("a unit label under the body and a numbered section head open no piece", () => {
    const rec = parse(page);
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[1]!.body.join("")).toContain("各车间按时报名。");
    expect(rec.articles.map((a) => a.headline)).not.toContain("二、活动要求");
  });

  it("a title the piece above speaks of, printed after it, is that piece's headline, not the next one's", () => {
    const rec = parse(lines(
      "本报讯 5月6日，选煤厂开展防汛应急演练，检验排水设备。",
      "演练持续两小时，选煤厂防汛队伍全员参加。",
      "",
      "选煤厂开展防汛应急演练",
      "",
      "夜色里，井口的灯一盏接一盏亮起来，",
      "照着归来的人。",
    ));
    expect(articleWith(rec, "本报讯 5月6日").headline).toBe("选煤厂开展防汛应急演练");
  });

  it("the line right above a dateline is that piece's headline, however wide; a salutation is no title", () => {
    const rec = parse(lines(
      "本报讯 4月1日，运输队完成年度设备检修，检修车辆四十余台。",
      "队长表示将继续做好保养工作，确保运输安全。",
      "东山煤矿工会举办“安康杯”安全知识竞赛决赛暨表彰大会",
      "本网讯 4月3日，东山煤矿工会举办安全知识竞赛决赛，六支代表队参赛。",
      "",
      "停电检修公告",
      "",
      "尊敬的电力客户：",
      "因线路改造需要，我公司定于4月9日对河东线停电检修。",
    ));
    expect(rec.articles.map((a) => a.headline)).toEqual([null, "东山煤矿工会举办“安康杯”安全知识竞赛决赛暨表彰大会", "停电检修公告"]);
  });
});

describe("the unit of a notice", () => {
  it("is the body that signs it above the date, even run onto the line above by extraction", () => {
    const rec = parse(lines(
      "停水通知",
      "",
      "各住户：",
      "因管网改造，河东小区及纺织厂家属院定于5月9日停水一天。",
      "咨询电话：12345东城水务公司",
      "2024年5月6日",
    ));
    expect(rec.articles[0]).toMatchObject({ headline: "停水通知", unit: "东城水务公司" });
  });
});

describe("labels and titles around finished pieces", () => {
  it("the title right above text after a piece closed by its byline heads that text, though they share no word", () => {
    const rec = parse(lines(
      "本报讯 7月2日，机电队完成主井提升机检修，用时八小时。（王五 赵六）",
      "",
      "夜班归来",
      "",
      "月亮挂在井架上，",
      "我们踩着露水回家。",
    ));
    expect(articleWith(rec, "月亮挂在井架上").headline).toBe("夜班归来");
  });

  it("a short line under the page label, run into the text, is the page's column, not its headline", () => {
    const rec = parse(lines(
      "第2版 安全生产",
      "安全宣传周",
      "6月12日中班，东坡矿工会在班前会上开展安全宣传周有奖问答，",
      "职工踊跃作答。东坡矿工会还把安全宣传周活动开进区队。",
      "",
      "东坡矿工会：有奖问答进班前会",
    ));
    expect(rec.articles[0]).toMatchObject({ column: "安全宣传周", headline: "东坡矿工会：有奖问答进班前会" });
  });

  it("a unit label printed where a dropped masthead splits a piece goes to that piece", () => {
    const rec = parse(lines(
      "本报讯 6月12日，东坡矿工会组织安全知识问答，",
      "职工踊跃作答。",
      "东坡矿工会",
      "",
      "青山矿业集团党委主办",
      "",
      "问答活动将持续到月底，获奖名单在班前会公布。",
      "",
      "掘进三队“师带徒”结对",
      "",
      "天龙讯 6月上旬，掘进三队为新入职青工配备师傅。（王五）",
    ));
    expect(articleWith(rec, "问答活动将持续").unit).toBe("东坡矿工会");
    expect(articleWith(rec, "配备师傅").unit).toBe("掘进三队");
  });

  it("a topic word inside the text is no unit; a fund or committee is, a province's unions are not", () => {
    expect(parse(lines("本报讯 近日，西岭职工发展基金会向困难职工发放助学金。")).articles[0]!.unit).toBe("西岭职工发展基金会");
    expect(parse(lines("本报讯 近日，全省工会开展送清凉活动，各地工会积极响应。")).articles[0]!.unit).toBeNull();
  });
});

describe("bylines and pictures", () => {
  it("a dateline and bracketed byline on a line of their own open the text below", () => {
    const rec = parse(lines(
      "西岭供电所开展带电作业比武",
      "",
      "中工网讯 （记者王五 通讯员赵六 钱七）",
      "",
      "“第3个缺陷已处理完毕。”西岭供电所职工孙八不到20分钟就完成了带电作业，",
      "赢得现场裁判的喝彩。",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]).toMatchObject({ headline: "西岭供电所开展带电作业比武", authors: ["王五", "赵六", "钱七"] });
    expect(rec.articles[0]!.body.join("")).toContain("赢得现场裁判的喝彩。");
  });

  it("a unit and name in a GBK-font bracket byline are split at the colon that 院 stands for", () => {
    const rec = parse(lines(
      "本报讯 近日，东城县应急管理局对十家企业开展执法检查袁重点检查有限空间管控遥",
      "检查组要求企业落实主体责任，消除安全隐患。 渊东城县",
      "应急管理局院孙八冤",
    ));
    expect(rec.articles[0]!.authors).toEqual(["孙八"]);
  });

  it("a picture story's last line, credit and all, ends its text; it is a picture, not the news piece above", () => {
    const rec = parse(lines(
      "本报讯 近日，东坡供电公司组织无人机巡线培训，三十名员工参加。",
      "",
      "近日，东坡供电公司工会举办职业技能大赛，六支代表队参赛，运检一队、运检二队分",
      "别获得前两名。图为比赛现场。 通讯员 周十 吴一 摄",
    ));
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[0]!.authors).toEqual([]);
    expect(rec.articles[1]).toMatchObject({ kind: "photo", authors: ["周十", "吴一"] });
  });

  it("a short piece saying what its picture shows, and every piece of a picture page, is a picture", () => {
    const short = parse(lines("本报讯 近日，机电队开展消防演练。图为队员演示灭火器的使用方法。（郑二）"));
    expect(short.articles[0]!.kind).toBe("photo");
    const page = parse(lines("第4版 图片新闻", "东坡矿职工在作业现场佩戴防护用品，做好劳动防护。通讯员 王五报道"));
    expect(page.articles[0]!.kind).toBe("photo");
    expect(parse(lines("第4版 综合新闻", "东坡矿职工在作业现场佩戴防护用品，做好劳动防护。")).articles[0]!.kind).toBe("news");
  });
});

describe("poems", () => {
  it("a title with an exclamation mark above 文/ and a poem of short lines: a literary piece of its own", () => {
    const rec = parse(lines(
      "本报讯 近日，东坡矿举办职工运动会，八百名职工参加。",
      "运动会设十二个比赛项目。",
      "",
      "你好！巡线人",
      "",
      "文/周十",
      "天还没亮",
      "你已出发",
      "山路弯弯",
      "银线连着万家",
    ));
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[1]).toMatchObject({ headline: "你好！巡线人", authors: ["周十"], kind: "literary" });
    expect(rec.articles[1]!.body.join("")).toContain("银线连着万家");
    expect(rec.articles[0]!.authors).toEqual([]);
  });

  it("a writer's credit run on after the last line closes the poem, names its writer and files it under the unit", () => {
    const rec = parse(lines(
      "井口的灯",
      "",
      "",
      "钻机的轰鸣，替旧年倒数",
      "",
      "井口的灯，亮了",
      "",
      "照着回家的路，人间灯火作者：东坡矿业分公司 郑二",
      "",
      "本报讯 5月9日，西岭矿开展防汛演练。",
    ));
    expect(rec.articles[0]).toMatchObject({ headline: "井口的灯", authors: ["郑二"], kind: "literary", unit: "东坡矿业分公司" });
    expect(rec.articles).toHaveLength(2);
  });
});

describe("content-order PDF text: headlines printed under their pieces", () => {
  it("a title under a piece it speaks of is that piece's headline, and the text below starts the next; the bare name run on after the last sentence is the writer", () => {
    const rec = parse(lines(
      "为检验配网抢修水平，西岭供电公司近日组织配网",
      "抢修技能竞赛，二十名抢修骨干参加了比赛。",
      "竞赛设理论考试和实际操作两个部分，选手们各显身",
      "手，展现了过硬的技能。此次竞赛是一次交流经验的契机。吴一",
      "帆",
      "西岭配网抢修技能竞赛",
      "为庆祝五一国际劳动节，营造安全和谐的生产氛围，",
      "东坡水电公司工会组织开展安全知识竞赛活动，",
      "十一支代表队参加了比赛。",
    ));
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[0]).toMatchObject({ headline: "西岭配网抢修技能竞赛", authors: ["吴一帆"] });
    expect(rec.articles[1]!.body[0]).toMatch(/^为庆祝五一/);
  });

  it("a headline wider than the column, wrapped onto a second line after a finished piece, is a title", () => {
    const rec = parse(lines(
      "本网讯 近日，东坡煤矿被授予市“安康杯”竞赛优胜企业称号，",
      "该矿全年杜绝轻伤及以上事故。 本网记者 王五",
      "",
      "东坡煤矿被授予市“安康杯”竞赛优胜企业",
      "称号",
      "父亲的矿灯",
      "王五",
      "",
      "小时候，父亲给我讲过他当矿工的事。",
    ));
    expect(rec.articles[0]!.headline).toBe("东坡煤矿被授予市“安康杯”竞赛优胜企业称号");
    expect(rec.articles.some((a) => a.body.includes("东坡煤矿被授予市“安康杯”竞赛优胜企业称号"))).toBe(false);
    expect(rec.articles[1]).toMatchObject({ headline: "父亲的矿灯", kicker: null });
  });
});

describe("e-paper article pages", () => {
  it("kicker and headline above the date stamp, after the page's chrome, are placed on the text below", () => {
    const rec = parse(lines(
      "西岭工人日报电子版 | 首页",
      "出版日期:2024年03月08日",
      "第03版:女职工",
      "本版导读",
      "",
      "送健康、送文化、送权益",
      "",
      "东城区总工会“三送”关爱女职工",
      "",
      "2024年03月08日",
      "",
      "3月7日上午，东城区总工会为六百名女职工赠送体检卡，开展维权知识问答。",
      "",
      "上篇:巾帼建功在一线",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]).toMatchObject({ kicker: "送健康、送文化、送权益", headline: "东城区总工会“三送”关爱女职工", subheadline: null });
  });
});

describe("a notice in a narrow column", () => {
  it("its title wrapped over three short lines is one headline; the issuer above the date is its unit; the essay after it stands alone", () => {
    const rec = parse(lines(
      "本报讯 近日，东坡煤矿投入两亿元建设智能化工作面，实现从人控到数控的升级。",
      "该矿已建成三个智能采掘工作面，原煤产量稳居全省首位，职工们感触很",
      "深。",
      "",
      "关于举办集团第七届",
      "职工摄影展的通",
      "知",
      "",
      "各基层工会：",
      "为丰富职工业余文化",
      "生活，集团工会决定举",
      "办第七届职工摄影展。",
      "",
      "集团工会",
      "2025 年 9 月 12 日",
      "",
      "矿山的早晨",
      "卓一",
      "",
      "不知不觉间，我已在矿山生活了二十年。",
    ));
    expect(rec.articles.map((a) => a.headline)).toEqual([null, "关于举办集团第七届职工摄影展的通知", "矿山的早晨"]);
    expect(rec.articles[1]).toMatchObject({ kind: "notice", unit: "集团工会" });
  });
});

describe("the masthead zone of a narrow content-order page", () => {
  it("a short line ending in 报 after running text has started is text, not the paper's name", () => {
    const rec = parse(lines(
      "青山矿业报",
      "第3版矿区生活",
      "本网讯东坡矿围绕",
      "安全主题，组织一次",
      "面向各党支部的黑板报",
      "专刊竞赛。",
    ));
    expect(rec.unplaced.map((u) => u.text)).toEqual(["青山矿业报", "第3版矿区生活"]);
    expect(rec.articles[0]!.body.join("")).toContain("面向各党支部的黑板报专刊竞赛。");
  });
});

describe("credits at the end of a piece", () => {
  it("a credit run straight on after the last sentence, names run together, closes the piece", () => {
    const rec = parse(lines(
      "本报讯 近日，东坡矿开展应急演练，检验了职工的处置能力。本网特约记者：赵一",
      "帆 通讯员 钱二强",
      "",
      "西岭矿为职工更换了新的防护用品，职工们十分满意。通讯员孙三丰李四海报道",
    ));
    expect(rec.articles.map((a) => a.authors)).toEqual([["赵一帆", "钱二强"], ["孙三丰", "李四海"]]);
    expect(rec.articles[0]!.body.join("")).not.toContain("记者");
  });

  it("the writer's body before the name in a closing bracket, and names before 摄影报道", () => {
    const a = parse("全县开展安全检查，消除隐患十余处。 （东川县应急管理局：周海峰）").articles[0]!;
    expect(a.authors).toEqual(["周海峰"]);
    const photo = parse("职工们在工地上喝上了清凉的绿豆汤。 本报记者 吴六 摄影报道").articles[0]!;
    expect(photo).toMatchObject({ kind: "photo", authors: ["吴六"] });
    expect(photo.body.join("")).not.toContain("吴六");
  });
});

describe("▲ briefs", () => {
  it("each ▲ item is a piece of its own under the column label above the first", () => {
    const rec = parse(lines(
      "本版导读",
      "工会简讯",
      "▲6月1日，东坡矿工会为困难职工送去慰问金。",
      "▲6月2日，西岭矿工会举办青年职工联谊会。",
      "▲6月3日，南川选煤厂工会开展职工体检。",
    ));
    expect(rec.articles).toHaveLength(3);
    expect(rec.articles.map((a) => a.column)).toEqual(["工会简讯", "工会简讯", "工会简讯"]);
    expect(rec.articles[1]!.body[0]).toBe("6月2日，西岭矿工会举办青年职工联谊会。");
  });
});

describe("body text as a reader reads it", () => {
  it("drops the extraction's spaces between Chinese characters and widens half-width marks", () => {
    const rec = parse(lines("本报讯 2023 年 12 月,公司完成 220 千伏线路改造。"));
    expect(rec.articles[0]!.body[0]).toBe("本报讯 2023年12月，公司完成220千伏线路改造。");
  });
});

describe("names", () => {
  it("credit labels, places and common words are not people; pen names in a bracketed byline are", () => {
    expect(parseByline("图片 文字")).toEqual([]);
    expect(parseByline("（山风）").map((c) => c.name)).toEqual(["山风"]);
    expect(parseByline("通讯员张一帆李二强报道").map((c) => c.name)).toEqual(["张一帆", "李二强"]);
    expect(parseByline("本网特约记者：赵一 通讯员 钱二").map((c) => [c.name, c.role])).toEqual([["赵一", "reporter"], ["钱二", "correspondent"]]);
    expect(isCommonWord("工会")).toBe(true);
    expect(isPersonName("花园")).toBe(false);
    expect(isPersonName("刘晓梅")).toBe(true);
  });
});
