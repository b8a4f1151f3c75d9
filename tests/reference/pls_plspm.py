# Second reference for bprstat's PLS-SEM (estimate/pls.rs): the Python package plspm 0.5.7
# (a port of R's plspm by Gaston Sanchez), in a venv with pandas 2.1.4 and numpy 1.26 (it
# needs pandas < 2.2). Its scaled=True option standardizes with another divisor and differs
# by ~1.5% from standardized PLS computed any other way, so the indicators are standardized
# here (divisor n-1, as R's scale()) and plspm runs in metric mode. Cases on ../fixtures/pls/
# mobi.csv (written by pls.R): the path, factorial and centroid schemes with Mode A
# everywhere, and the path scheme with Image and Value in Mode B. Converged to a squared
# weight change below 1e-28. Run from this folder:
#   python3 -m venv v && v/bin/pip install 'pandas<2.2' 'numpy<2' plspm==0.5.7
#   v/bin/python pls_plspm.py
import csv
import pandas as pd
import plspm.config as c
from plspm.plspm import Plspm
from plspm.scheme import Scheme
from plspm.mode import Mode

raw = pd.read_csv("../fixtures/pls/mobi.csv")
data = (raw - raw.mean()) / raw.std(ddof=1)
blocks = {
    "Image": [f"IMAG{i}" for i in range(1, 6)],
    "Expectation": [f"CUEX{i}" for i in range(1, 4)],
    "Quality": [f"PERQ{i}" for i in range(1, 8)],
    "Value": [f"PERV{i}" for i in range(1, 3)],
    "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "Complaints": ["CUSCO"],
    "Loyalty": [f"CUSL{i}" for i in range(1, 4)],
}
paths = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
         ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
         ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
         ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
lvs = list(blocks)
path = pd.DataFrame(0, index=lvs, columns=lvs)
for s, t in paths:
    path.loc[t, s] = 1
cases = {
    "plspm_path": (Scheme.PATH, []),
    "plspm_factorial": (Scheme.FACTORIAL, []),
    "plspm_centroid": (Scheme.CENTROID, []),
    "plspm_modeb": (Scheme.PATH, ["Image", "Value"]),
}
out = [["case", "kind", "key", "quantity", "value"]]
for case, (scheme, modeb) in cases.items():
    config = c.Config(path, scaled=False)
    for lv, items in blocks.items():
        config.add_lv(lv, Mode.B if lv in modeb else Mode.A, *[c.MV(i) for i in items])
    model = Plspm(data, config, scheme, iterations=1000, tolerance=1e-28)
    om = model.outer_model()
    for lv, items in blocks.items():
        for i in items:
            out.append([case, "weight", f"{i} -> {lv}", "value", repr(float(om.loc[i, "weight"]))])
            out.append([case, "loading", f"{i} -> {lv}", "value", repr(float(om.loc[i, "loading"]))])
    pc = model.path_coefficients()
    for s, t in paths:
        out.append([case, "path", f"{s} -> {t}", "value", repr(float(pc.loc[t, s]))])
    ins = model.inner_summary()
    for lv in lvs:
        if ins.loc[lv, "type"] == "Endogenous":
            out.append([case, "r2", lv, "value", repr(float(ins.loc[lv, "r_squared"]))])
with open("pls_plspm.csv", "w", newline="") as f:
    csv.writer(f, quoting=csv.QUOTE_ALL).writerows(out)
