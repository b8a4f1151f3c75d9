#!/usr/bin/env python3
"""Write a CSV of the study design as SPSS and Stata files with labels, as a user's data
would arrive: SPSS .sav (bytecode-compressed), .zsav and .por written by PSPP (Debian
`pspp`, a free SPSS clone), Stata .dta written by R's haven (Debian `r-cran-haven`).

    python3 data/make-labelled.py data/zhejiang-asc.csv data/zhejiang-asc sav
    python3 data/make-labelled.py tests/fixtures/mini/mini.csv tests/fixtures/mini/mini all

What the files hold beyond the CSV's numbers:
- `department` is coded 1..8 in the sorted order of its names, with the names as value
  labels (so C(department) has the same levels, in the same order, as from the CSV);
- `center_id` keeps its numbers, with value labels "中心01".."中心57";
- every column has a variable label: the item's question text (Chinese);
- the items declare 9 and 99 as user-missing, and years_in_post 99, as SPSS users do, so
  that a study file read from them needs no `missing` key.
With `all`, also `<out>_gbk.sav`: the same dictionary in GBK with its encoding record
removed and its integer-info character code set to 2, as older Chinese SPSS files are.
CI does not run this; the files it writes are committed.
"""
import csv
import os
import struct
import subprocess
import sys
import tempfile

ITEMS = {
    "SP1": "本中心有明确的改革战略规划",
    "SP2": "中心的改革目标与上级政府的要求一致",
    "SP3": "中心定期评估和调整改革规划",
    "SP4": "中心的改革缺乏长远规划（反向）",
    "EN1": "中心主任勇于推动改革创新",
    "EN2": "中心领导善于协调各部门利益",
    "EN3": "中心领导安于现状、回避风险（反向）",
    "EN4": "中心领导重视服务对象的意见",
    "WS1": "窗口具有独立的审批权限",
    "WS2": "窗口在部门中的地位受到重视",
    "WS3": "窗口人员由部门骨干担任",
    "IT1": "中心建有统一的网上审批平台",
    "IT2": "审批信息能够在部门间实时共享",
    "IT3": "中心的信息系统运行稳定",
    "IT4": "办事人员可以在线查询办理进度",
    "DC1": "各部门能够协同办理联办事项",
    "DC2": "部门之间的职责分工清楚",
    "DC3": "部门间的矛盾能够及时协调解决",
    "DC4": "部门之间相互推诿的情况较多（反向）",
    "CM1": "中心的管理制度健全",
    "CM2": "中心对窗口人员有明确的考核办法",
    "CM3": "中心对办事流程进行统一监督",
    "CM4": "中心能及时处理群众投诉",
    "CM5": "中心的管理流于形式（反向）",
    "LK1": "中心与上下级服务中心互联互通",
    "LK2": "中心与部门业务系统实现对接",
    "LK3": "办事材料可以在不同层级之间流转",
    "PP1": "办事环节明显减少",
    "PP2": "审批时限明显缩短",
    "PP3": "群众办事仍需多次往返（反向）",
    "PP4": "办事流程更加规范透明",
    "RP1": "群众对中心服务的满意度提高",
    "RP2": "中心的行政效率明显提高",
    "RP3": "本地投资环境得到改善",
    "RP4": "政府形象得到提升",
}
OTHER = {
    "respondent_id": "受访者编号",
    "center_id": "行政服务中心",
    "department": "所在部门",
    "years_in_post": "任职年限（年）",
}
LIKERT = {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意"}


def main(src, out, which):
    with open(src, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    dep = header.index("department")
    names = sorted({r[dep] for r in body if r[dep]})
    code = {n: i + 1 for i, n in enumerate(names)}
    centers = sorted({int(r[header.index("center_id")]) for r in body})
    tmp = tempfile.mkdtemp()
    coded = os.path.join(tmp, "coded.csv")
    with open(coded, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for r in body:
            r = list(r)
            r[dep] = str(code[r[dep]]) if r[dep] else ""
            w.writerow(r)
    items = [h for h in header if h in ITEMS]

    def syntax(locale, saves):
        q = lambda s: "'" + s.replace("'", "''") + "'"
        lines = [f"SET LOCALE={q(locale)}."]
        lines.append(
            f"GET DATA /TYPE=TXT /FILE={q(coded)} /ARRANGEMENT=DELIMITED /DELCASE=LINE"
            " /FIRSTCASE=1 /DELIMITERS=\",\" /VARIABLES="
            + " ".join(f"{h} F8.0" for h in header)
            + "."
        )
        labels = [f"{h} {q(ITEMS.get(h) or OTHER[h])}" for h in header]
        lines.append("VARIABLE LABELS " + " /".join(labels) + ".")
        lines.append(
            "VALUE LABELS department "
            + " ".join(f"{c} {q(n)}" for n, c in code.items())
            + " /center_id "
            + " ".join(f"{c} {q(f'中心{c:02d}')}" for c in centers)
            + " /"
            + " ".join(items)
            + " "
            + " ".join(f"{k} {q(v)}" for k, v in LIKERT.items())
            + "."
        )
        lines.append(f"MISSING VALUES {' '.join(items)} (9, 99) /years_in_post (99).")
        lines.append("VARIABLE LEVEL center_id department (NOMINAL).")
        lines.extend(saves)
        return "\n".join(lines) + "\n"

    def pspp(text):
        sps = os.path.join(tmp, "make.sps")
        with open(sps, "w", encoding="utf-8") as f:
            f.write(text)
        subprocess.run(["pspp", "-O", "format=txt", "-o", os.path.join(tmp, "log.txt"), sps], check=True)

    saves = [f"SAVE OUTFILE='{os.path.abspath(out)}.sav' /COMPRESSED."]
    if which == "all":
        saves.append(f"SAVE OUTFILE='{os.path.abspath(out)}.zsav' /ZCOMPRESSED.")
        saves.append(f"EXPORT OUTFILE='{os.path.abspath(out)}.por'.")
    pspp(syntax("UTF-8", saves))
    if which != "all":
        return
    gbk = f"{os.path.abspath(out)}_gbk.sav"
    pspp(syntax("GBK", [f"SAVE OUTFILE='{gbk}' /UNCOMPRESSED."]))
    strip_encoding_record(gbk)
    r = f"""
library(haven)
d <- read_sav("{os.path.abspath(out)}.sav", user_na = FALSE)
write_dta(d, "{os.path.abspath(out)}.dta", version = 15)
"""
    subprocess.run(["Rscript", "-e", r], check=True)


def strip_encoding_record(path):
    """Turn the character-encoding record (type 7, subtype 20) into an unknown subtype, and set
    the integer-info character code (type 7, subtype 3, eighth field) to 2: a file that says
    nothing of its encoding, as SPSS wrote before version 16."""
    data = bytearray(open(path, "rb").read())
    pos = 176  # after the file header
    u32 = lambda p: struct.unpack_from("<i", data, p)[0]
    while True:
        rec = u32(pos)
        if rec == 2:
            has_label, n_missing = u32(pos + 8), u32(pos + 12)
            pos += 32
            if has_label:
                pos += 4 + (u32(pos) + 3) // 4 * 4
            pos += abs(n_missing) * 8
        elif rec == 3:
            n = u32(pos + 4)
            pos += 8
            for _ in range(n):
                pos += 8
                pos += (data[pos] + 8) // 8 * 8
            pos += 8 + u32(pos + 4) * 4
        elif rec == 6:
            pos += 8 + u32(pos + 4) * 80
        elif rec == 7:
            sub, size, count = u32(pos + 4), u32(pos + 8), u32(pos + 12)
            if sub == 20:
                struct.pack_into("<i", data, pos + 4, 99)
            if sub == 3:
                struct.pack_into("<i", data, pos + 16 + 7 * 4, 2)
            pos += 16 + size * count
        elif rec == 999:
            break
        else:
            raise SystemExit(f"unexpected record {rec} at {pos}")
    open(path, "wb").write(bytes(data))


if __name__ == "__main__":
    main(*sys.argv[1:4])
