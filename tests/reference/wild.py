"""Reference p-values for bprstat's wild cluster bootstrap, from Python's wildboottest
(a port of Stata's boottest): pip install wildboottest==0.3.2 (with statsmodels 0.14,
patsy 1.0). Run from this folder: python3 wild.py  -> wild.csv
(columns: case, weights, reps, term, quantity, value).

- ornstein: interlocks ~ assets + C(nation), clustered by sector (G = 10): 2^10 < B, so
  wildboottest enumerates all 1,024 Rademacher sign vectors and the p-values are exact.
- chick: weight ~ Time + I(Time^2) + C(Diet), clustered by Chick (G = 50), B = 9,999 random
  draws (Rademacher and Webb), seed 12345: bprstat's own draws differ, so p-values agree
  within Monte-Carlo error only.
"""
import csv
import warnings

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm
from wildboottest.wildboottest import wildboottest

warnings.filterwarnings("ignore")
rows = []


def run(case, data, formula, cluster, names, weights, B):
    y, X = patsy.dmatrices(formula, data, return_type="dataframe")
    model = sm.OLS(y, X)
    for param, ours in names.items():
        codes = pd.Series(pd.factorize(data[cluster])[0])  # integer codes (numba needs numbers)
        res = wildboottest(model, B=B, cluster=codes, param=param, weights_type=weights,
                           seed=12345, show=False)
        res = res.reset_index()
        stat = float(res["statistic"].iloc[0])
        pval = float(res["p-value"].iloc[0])
        rows.append([case, weights, B, ours, "statistic", repr(stat)])
        rows.append([case, weights, B, ours, "p_value", repr(pval)])


orn = pd.read_csv("../fixtures/ornstein.csv")
run("ornstein", orn, "interlocks ~ assets + C(nation)", "sector",
    {"assets": "assets", "C(nation)[T.OTH]": "C(nation)[T.OTH]", "C(nation)[T.UK]": "C(nation)[T.UK]",
     "C(nation)[T.US]": "C(nation)[T.US]"}, "rademacher", 9999)
cw = pd.read_csv("../fixtures/chickweight.csv")
cw["Chick"] = cw["Chick"].astype(str)
for w in ["rademacher", "webb"]:
    run("chick", cw, "weight ~ Time + I(Time**2) + C(Diet)", "Chick",
        {"Time": "Time", "I(Time ** 2)": "I(Time^2)", "C(Diet)[T.2]": "C(Diet)[T.2]",
         "C(Diet)[T.3]": "C(Diet)[T.3]", "C(Diet)[T.4]": "C(Diet)[T.4]"}, w, 9999)

with open("wild.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["case", "weights", "reps", "term", "quantity", "value"])
    out.writerows(rows)
