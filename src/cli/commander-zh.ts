/**
 * Commander's own words in Chinese: the help's headings (Usage:, Options: …), "[options]" in the usage line,
 * "(default: …)", the -h/--help option and the help command, and its error lines (unknown option, missing
 * argument …). Commander 14 allows all of it through its public settings — configureHelp (styleTitle, styleUsage,
 * optionDescription), helpOption, helpCommand, configureOutput (outputError) — and subcommands inherit them when
 * they are set on the program before the commands are added (Command.copyInheritedSettings).
 */
import { Help, type Command, type Option } from "commander";
import { COMMANDER, HELP } from "../messages.ts";

/** One error line of commander's, in Chinese (line by line: a suggestion comes on its own line). */
export function commanderErrorZh(text: string): string {
  return text.split("\n").map((line) => {
    for (const [re, say] of COMMANDER.errors) {
      const m = re.exec(line);
      if (m) return say([...m]);
    }
    return line;
  }).join("\n");
}

/** Commander's stock description plus its "(default: …)", in Chinese. */
function optionDescription(option: Option): string {
  const showDefault = option.defaultValue !== undefined && (option.required || option.optional);
  const extra = showDefault ? COMMANDER.default(option.defaultValueDescription ?? String(option.defaultValue)) : "";
  return `${option.description}${extra}`;
}

export function chineseCommander(program: Command): Command {
  const stock = new Help();
  return program
    .helpOption("-h, --help", HELP.help)
    .helpCommand("help [command]", HELP.helpCommand)
    .configureHelp({
      styleTitle: (s) => COMMANDER.titles[s] ?? s,
      styleUsage: (s) => s.split(" ").map((w) => COMMANDER.usage[w] ?? w).join(" "),
      subcommandTerm: (cmd) => stock.subcommandTerm(cmd).split(" ").map((w) => COMMANDER.usage[w] ?? w).join(" "),
      optionDescription,
      // A Chinese character takes two columns of a terminal; commander counts one, so terms after 选项 would not
      // line up. Counted as two they do. Commander wraps only at spaces, which Chinese text has few of (it broke
      // "content/ 中每一期" after "content/"), so descriptions are left whole for the terminal to wrap.
      displayWidth: (s) => stock.displayWidth(s) + (s.match(/[\u2e80-\u9fff\uff00-\uffef]/g)?.length ?? 0),
      boxWrap: (s) => s,
    })
    .configureOutput({ outputError: (s, write) => write(commanderErrorZh(s)) })
    .showHelpAfterError(COMMANDER.seeHelp);
}
