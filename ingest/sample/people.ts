// Fake but realistically formatted personal data: names, resident ID numbers, mobile numbers.
import type { Random } from "./random.ts";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志文斌海波宁浩宇晨欣怡佳琪子轩梓涵一诺思远雨萱博文俊杰嘉怡";

export function fakeName(random: Random): string {
  const given = random.chance(0.6) ? random.pick([...GIVEN]) + random.pick([...GIVEN]) : random.pick([...GIVEN]);
  return random.pick([...SURNAMES]) + given;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** An 18-digit resident ID with a valid check digit, born in the given region between 1950 and 2004. */
export function fakeIdNumber(random: Random, regionCode: string): string {
  const year = random.int(1950, 2004);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  const body =
    regionCode.slice(0, 6).padEnd(6, "0") +
    String(year) +
    String(month).padStart(2, "0") +
    String(day).padStart(2, "0") +
    String(random.int(0, 999)).padStart(3, "0");
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * ID_WEIGHTS[i]!, 0);
  return body + ID_CHECK[sum % 11];
}

const MOBILE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"];

export function fakePhone(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, "0");
}
