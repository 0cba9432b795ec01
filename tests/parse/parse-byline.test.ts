import { describe, expect, it } from "vitest";
import { joinSpacedNames, parseByline } from "../../src/parse/parse-byline.ts";
import type { AuthorRole } from "../../src/types.ts";

const cases: [byline: string, credits: [string, AuthorRole][]][] = [
  ["（卫 玲 周二红）", [["卫玲", "writer"], ["周二红", "writer"]]],
  ["（记者马学礼 李静楠）", [["马学礼", "reporter"], ["李静楠", "reporter"]]],
  ["本报记者 刘旭 本报通讯员 宋昕泽", [["刘旭", "reporter"], ["宋昕泽", "correspondent"]]],
  ["记者 李俊华 通讯员 杜晨媛", [["李俊华", "reporter"], ["杜晨媛", "correspondent"]]],
  ["◆ 卫敬强", [["卫敬强", "writer"]]],
  ["摄影报道 郭美霞 荆晓刚", [["郭美霞", "photographer"], ["荆晓刚", "photographer"]]],
  ["本报通讯员 赵平 潘媛媛 摄", [["赵平", "photographer"], ["潘媛媛", "photographer"]]],
  ["新华社记者 张涛 摄", [["张涛", "photographer"]]],
  ["摄影 卫志毅", [["卫志毅", "photographer"]]],
  ["(王星芸)", [["王星芸", "writer"]]],
  ["（聂科 敖艾菲 李传富）", [["聂科", "writer"], ["敖艾菲", "writer"], ["李传富", "writer"]]],
  ["摄影报道 薛丽菲 崔 磊", [["薛丽菲", "photographer"], ["崔磊", "photographer"]]],
  ["本报特约记者 王芳", [["王芳", "reporter"]]],
];

describe("parseByline", () => {
  it.each(cases)("%s", (byline, expected) => {
    expect(parseByline(byline)).toEqual(expected.map(([name, role]) => ({ name, role })));
  });

  it("does not list a person twice", () => {
    expect(parseByline("记者 刘旭 记者 刘旭")).toEqual([{ name: "刘旭", role: "reporter" }]);
  });

  it("an empty or name-less byline gives no credits", () => {
    expect(parseByline("")).toEqual([]);
    expect(parseByline("（ ）")).toEqual([]);
    expect(parseByline("本报记者")).toEqual([]);
  });
});

describe("joinSpacedNames", () => {
  it("joins two single characters (a justified two-character name) and keeps whole names", () => {
    expect(joinSpacedNames(["卫", "玲", "周二红"])).toEqual(["卫玲", "周二红"]);
    expect(joinSpacedNames(["周二红", "崔", "磊"])).toEqual(["周二红", "崔磊"]);
  });

  it("drops a lone character and overlong tokens that cannot be names", () => {
    expect(joinSpacedNames(["王", "刘旭"])).toEqual(["刘旭"]);
    expect(joinSpacedNames(["中铝山西新材料"])).toEqual([]);
  });
});
