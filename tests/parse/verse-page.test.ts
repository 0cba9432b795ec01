/**
 * A literary page in content-order PDF text (pdftotext -raw): poems with no blank lines, a writer's name
 * above each, a news piece in a narrow column between them, a picture story whose photographer's name runs
 * straight on after its last sentence, and the page's headlines gathered at its foot — two of them side by
 * side on one line. All text is our own.
 */
import { describe, expect, it } from "vitest";
import { isPersonName } from "../../src/parse/names.ts";
import { parseByline } from "../../src/parse/parse-byline.ts";
import { execPhotoCredit } from "../../src/parse/patterns.ts";
import { lines, parse } from "./helpers.ts";

const page = lines(
  "·吴春燕·",
  "灯火里的井口",
  "清晨",
  "踏着露水走向井口",
  "把矿灯擦得雪亮",
  "听罐笼轻轻作响",
  "灯火里的井口",
  "傍晚",
  "迎着晚霞走出巷道",
  "把汗水留在掌子面",
  "把笑声带回家乡",
  "灯火里的井口",
  "照亮了我们的青春（东坡煤矿）",
  "本网讯西岭矿业公司北",
  "山煤矿近日开展“安全",
  "生产月”活动，组织职工",
  "学习规程、排查隐患，",
  "营造了良好的安全氛围。",
  "活动期间，该矿还举办了",
  "安全知识竞赛和应急演练。",
  "常常有",
  "风从山那边吹来",
  "带着青草的味道",
  "掌子面上的兄弟",
  "把煤一车车送上地面",
  "我们是挖煤的人",
  "——挖煤的人",
  "近日，西岭矿业公司举办职工书画展，展出书法、绘画、摄影作品八十余幅，吸引了大批职工和家属前来参观。图为职工在展厅",
  "观看作品时的情景。周海涛摄",
  "灯火里的井口 北山煤矿开展“安全生产月”活",
  "动",
  "挖煤的人",
);

describe("a literary page in content-order PDF text", () => {
  const rec = parse(page);

  it("six or more title-like lines in a row are a poem's text, a piece of its own after a finished news piece", () => {
    expect(rec.articles).toHaveLength(4);
    const [poem, news, second] = rec.articles;
    // Signed with the writer's unit in brackets: filed under it, and the unit is no author.
    expect(poem).toMatchObject({ kind: "literary", authors: ["吴春燕"], unit: "东坡煤矿" });
    expect(poem!.body.join("")).toMatch(/^灯火里的井口清晨踏着露水/);
    expect(news!.body.join("")).toMatch(/^本网讯西岭矿业公司北山煤矿/);
    expect(second).toMatchObject({ kind: "literary" });
    // The stanza's first line reads like a name by its first character only: it is the poem's text.
    expect(second!.body.join("")).toMatch(/^常常有风从山那边吹来/);
    expect(second!.body.join("")).toMatch(/——挖煤的人$/);
  });

  it("the picture story after the poem is a piece of its own, its photographer's name run on after the last sentence", () => {
    const photo = rec.articles[3]!;
    expect(photo).toMatchObject({ kind: "photo", authors: ["周海涛"], headline: null });
    expect(photo.body.join("")).toMatch(/观看作品时的情景。$/);
  });

  it("the headline block at the page foot is cut where two headlines stand side by side, each to the piece it fits", () => {
    expect(rec.articles.map((a) => a.headline)).toEqual(["灯火里的井口", "北山煤矿开展“安全生产月”活动", "挖煤的人", null]);
    expect(rec.unplaced.map((u) => u.text).join("")).not.toMatch(/灯火|挖煤/);
  });

  it("a two-part headline that fits one piece stays whole", () => {
    const two = parse(lines(
      "本网讯 近日，东坡煤矿开展安全检查，排查隐患二十处。",
      "检查组深入井下，逐一落实整改措施。 （王五）",
      "",
      "排查隐患 落实整改",
    ));
    expect(two.articles[0]!.headline).toBe("排查隐患 落实整改");
  });
});

describe("the evidence the verse page rests on", () => {
  it("a word that runs past the surname is no name; a writer's credit between dots is the name", () => {
    expect(isPersonName("常常有")).toBe(false);
    expect(isPersonName("吴春燕")).toBe(true);
    expect(parseByline("·吴春燕·").map((c) => c.name)).toEqual(["吴春燕"]);
  });

  it("a photographer's name straight after a sentence end is a photo credit only when it reads as a name", () => {
    expect(execPhotoCredit("观看作品时的情景。周海涛摄")?.[1]).toBe("周海涛");
    expect(execPhotoCredit("这是一次成功的拍摄")).toBeNull();
    expect(execPhotoCredit("大家都说好。常常有摄")).toBeNull();
  });
});

describe("a piece cut by what extraction puts in its way", () => {
  it("a credit wrapped inside a name ends on the next line: both names, and the text below starts the next piece", () => {
    const rec = parse(lines(
      "东坡化工作业区为职工配齐防毒面具和空气呼吸器，定期组织应急演练，提高了职工",
      "的安全意识和应对突发事件的水平。通讯员张一",
      "帆李二强报道",
      "为做好夏季消防工作，西岭炼铁作业部组织岗位人员开展消防知识学习和灭火演练，",
      "进一步强化了职工的安全意识。（赵三）",
    ));
    expect(rec.articles).toHaveLength(2);
    expect(rec.articles[0]!.authors).toEqual(["张一帆", "李二强"]);
    expect(rec.articles[1]!.body.join("")).toMatch(/^为做好夏季消防工作/);
  });

  it("a unit label at a column's foot, then the page's date line: the label files the piece, the sentence goes on", () => {
    const rec = parse(lines(
      "本网讯 近日，东坡煤矿被评为全市安全生产",
      "先进单位。该矿持续开展以“强化班组建设，",
      "落实岗位责任，提升一线安全管",
      "东坡煤矿",
      "",
      "2011年3月4日 星期五 第2版 基层之窗",
      "",
      "理水平”为主题的安全竞赛活动，全年实现",
      "安全生产无事故。",
    ));
    expect(rec.articles).toHaveLength(1);
    expect(rec.articles[0]!.unit).toBe("东坡煤矿");
    expect(rec.articles[0]!.body.join("\n")).toContain("提升一线安全管理水平”为主题");
    expect(rec.unplaced.map((u) => u.text)).toContain("2011年3月4日 星期五 第2版 基层之窗");
  });

  it("a sentence cut by a staff credit goes on in the same paragraph, its full stop first", () => {
    const rec = parse(lines(
      "我不愿听别人说起煤矿时那种轻视的话语，尽管它眼下正处在",
      "本版编辑：吴六 校对：郑七",
      "",
      "。因为在我看来，矿工是值得尊敬的人。",
    ));
    expect(rec.articles[0]!.body).toEqual(["我不愿听别人说起煤矿时那种轻视的话语，尽管它眼下正处在。因为在我看来，矿工是值得尊敬的人。"]);
  });
});

describe("two essays of a literary page extracted block by block", () => {
  it("a short title and the writer's name set off by blank lines head the next essay, though the text above stops mid-sentence", () => {
    const rec = parse(lines(
      "灯下",
      "王五",
      "",
      "小时候，母亲在电器厂工作，常把淘气的我带到单位。她手里的电线被捋得笔直，然后用钳子",
      "",
      "山路",
      "赵六",
      "",
      "有时候，我分不清看见和看着的区别，只知道看着是细细的观察，是一种牵挂。",
    ));
    expect(rec.articles.map((a) => [a.headline, a.authors])).toEqual([["灯下", ["王五"]], ["山路", ["赵六"]]]);
    expect(rec.articles[0]!.body.join("")).toMatch(/然后用钳子$/);
  });

  it("a verb and a generic word after a unit's name are the clause going on, not a sub-unit", () => {
    const rec = parse(lines("西岭县供电公司夺得工会业务知识竞赛桂冠", "", "本网讯 8月20日，西岭县供电公司代表队夺得竞赛第一名。"));
    expect(rec.articles[0]!.unit).toBe("西岭县供电公司");
  });
});
