"""Recomputes, with numpy and scipy, the reference values that kam's tests of issue #3 cite.

Run it with the Debian peers (numpy, scipy):

    /work/shared/tools/peer-python benchmarks/peers/reference_values.py

Every value printed is either a published or peer-documented number (the source is named next to
it and in the test) or a direct computation from the method's definition, for the cases no
publication covers (CRITIC with a cost criterion, vector TOPSIS with a cost criterion, ...).
"""
import numpy as np
from scipy import stats


def critic(x, cost):
    """CRITIC (Diakoulaki et al. 1995): min-max to [0, 1] with the best value at 1."""
    lo, hi = x.min(0), x.max(0)
    r = (x - lo) / (hi - lo)
    r = np.where(cost, 1 - r, r)
    sd = r.std(0, ddof=1)
    return (c := sd * (1 - np.corrcoef(r.T)).sum(0)) / c.sum()


def entropy(x):
    p = x / x.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    d = 1 + plogp.sum(0) / np.log(x.shape[0])
    return d / d.sum()


def eigen_ahp(a):
    w = np.ones(len(a)) / len(a)
    for _ in range(10000):
        v = a @ w
        v /= v.sum()
        if np.abs(v - w).sum() < 1e-15:
            break
        w = v
    return w, (a @ w).sum()


def topsis(x, w, cost, norm):
    w = np.asarray(w, float) / np.sum(w)
    if norm == "vector":
        r = x / np.sqrt((x ** 2).sum(0))
    else:
        r = (x - x.min(0)) / (x.max(0) - x.min(0))
    v = r * w
    ideal = np.where(cost, v.min(0), v.max(0))
    anti = np.where(cost, v.max(0), v.min(0))
    dp = np.sqrt(((v - ideal) ** 2).sum(1))
    dm = np.sqrt(((v - anti) ** 2).sum(1))
    return dm / (dp + dm), ideal, anti


tus_adali = np.array([[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3],
                      [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]], float)
no_cost = np.zeros(6, bool)
print("CRITIC, Tus & Adali 2019 (pymcdm: 0.157 0.249 0.168 0.121 0.154 0.151):",
      critic(tus_adali, no_cost).round(4))
print("CRITIC, price as a cost:", critic(tus_adali, np.array([1, 0, 0, 0, 0, 0], bool)).round(4))

jahan = np.array([[0, 0, 0], [0.39, 0.3, 0.77], [0.17, 0.36, 0.8], [0.35, 0.29, 0.93],
                  [0.3, 0.4, 0.94], [0.84, 0.71, 1], [1, 1, 0.99]])
sd = jahan.std(0, ddof=1)
print("std weights, Jahan & Edwards 2013 (pymcdm: 0.35 0.31 0.34):", (sd / sd.sum()).round(4))

elsayed = np.array([[7, 312, 1891, 6613, 163], [72, 88, 728, 941804, 1078],
                    [10, 252, 2594, 3466, 117471], [10, 145, 980, 2371, 86329],
                    [65, 54, 350, 501, 29897], [29, 48, 380, 912, 34051],
                    [7, 476, 3300, 78470, 2212], [70, 87, 650, 733, 819000],
                    [4, 86, 591, 3015, 103], [12, 79, 579, 3240, 96098],
                    [21, 45, 261, 1253, 453], [1, 72, 530, 4333, 0.104800]])
print("entropy, Elsayed et al. 2017 (pymcdm: 0.104991 0.069124 0.071373 0.449937 0.304575):",
      entropy(elsayed).round(6))
print("entropy with a zero and a constant column:",
      entropy(np.array([[0, 1, 2], [1, 2, 2], [1, 3, 2]], float)).round(6))

house = np.array([[1, 5, 3, 7, 6, 6, 1/3, 1/4], [1/5, 1, 1/3, 5, 3, 3, 1/5, 1/7],
                  [1/3, 3, 1, 6, 3, 4, 6, 1/5], [1/7, 1/5, 1/6, 1, 1/3, 1/4, 1/7, 1/8],
                  [1/6, 1/3, 1/3, 3, 1, 1/2, 1/5, 1/6], [1/6, 1/3, 1/4, 4, 2, 1, 1/5, 1/6],
                  [3, 5, 1/6, 7, 5, 5, 1, 1/2], [4, 7, 5, 8, 6, 6, 2, 1]])
w, lam = eigen_ahp(house)
print("AHP, Saaty 1990 house criteria (.173 .054 .188 .018 .031 .036 .167 .333; 9.669, .238, .169):",
      w.round(3), round(lam, 3), round((lam - 8) / 7, 3), round((lam - 8) / 7 / 1.41, 3))
upper = [(6, 8, 4), (7, 1/5, 1/8), (8, 6, 1/4), (1, 1, 1), (5, 4, 1/3), (8, 6, 1/5),
         (1/2, 1/2, 1), (1/7, 1/5, 3)]
local = []
for u in upper:
    m = np.array([[1, u[0], u[1]], [1 / u[0], 1, u[2]], [1 / u[1], 1 / u[2], 1]])
    lw, ll = eigen_ahp(m)
    local.append(lw)
    print("  local priorities", lw.round(3), "CR", round((ll - 3) / 2 / 0.58, 3))
print("  global priorities:", (np.array(local).T @ w).round(3))

print("scipy kendalltau docs example (-0.47140452079103173):",
      stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]).statistic)
print("scipy spearmanr docs example (0.8207826816681233):",
      stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic)

pymcdm_x = np.array([[4, 4, 0.2], [1, 5, 0.5], [3, 2, 0.3], [4, 3, 0.5]])
cost = np.array([0, 1, 0], bool)
print("TOPSIS min-max, pymcdm README (0.469 0.255 0.765 0.747):",
      topsis(pymcdm_x, [0.3, 0.5, 0.2], cost, "min_max")[0].round(6))
print("TOPSIS vector with a cost (Hwang & Yoon):",
      topsis(pymcdm_x, [0.3, 0.5, 0.2], cost, "vector")[0].round(6))
jm = np.array([[9, 7, 6, 7], [8, 7, 9, 6], [7, 8, 6, 6]], float)
print("TOPSIS vector, JMcDM test (0.3876870 0.6503238 0.0834767):",
      topsis(jm, [4, 2, 6, 8], np.zeros(4, bool), "vector")[0].round(7))

z = np.array([[3, 12.5, 2, 120, 14, 3], [5, 15, 3, 110, 38, 4], [3, 13, 2, 120, 19, 3],
              [4, 14, 2, 100, 31, 4], [3, 15, 1.5, 125, 40, 4]])
zw = np.array([0.221, 0.159, 0.175, 0.127, 0.117, 0.201])
zc = np.array([0, 1, 1, 0, 1, 0], bool)
n = np.where(zc, z.min(0) / z, z / z.max(0))
print("WPM, JMcDM docs (0.7975224 0.7532541 0.7647464 0.7873957 0.7674279):",
      np.prod(n ** (zw / zw.sum()), 1).round(7))
t = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], float)
s = np.prod(t ** np.array([0.2, 0.15, 0.4, 0.25]), 1)
print("WPM ratios, Triantaphyllou (1.007 1.067 1.059):",
      round(s[0] / s[1], 4), round(s[0] / s[2], 4), round(s[1] / s[2], 4))
