"""Mixture search (MoDoMoDo): seed designs, surrogates fit on the simplex, and proposals of the next mixtures.

Pure numpy/scipy: nothing here trains a model. A mixture is a vector `w` of task weights on the simplex
(`w >= 0`, `sum(w) == 1`); an observation is `(w, y)` with `y` the objective of a training run on `w`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize

RIDGE_GRID = tuple(float(x) for x in np.logspace(-8, 0, 17))  # searched when ridge="auto"
KEY_DECIMALS = 4  # mixtures equal to this many decimals are the same mixture (one trial key)

# -- designs -------------------------------------------------------------------------------------------


def check_min_weight(m: int, min_weight: float) -> None:
    """ValueError unless `0 <= min_weight` and `m * min_weight < 1` (some room is left to optimise)."""
    if m < 1:
        raise ValueError(f"a mixture needs at least one task, got {m}")
    if not 0 <= min_weight or (m > 1 and m * min_weight >= 1):
        raise ValueError(f"min_weight must be in [0, 1/{m}) for {m} tasks, got {min_weight}")


def floor_weights(W: np.ndarray, min_weight: float) -> np.ndarray:
    """Map mixtures affinely into {w : w_i >= min_weight}: `min_weight + (1 - m*min_weight) * w`.

    >>> floor_weights(np.array([[1.0, 0.0]]), 0.1).tolist()
    [[0.9, 0.1]]
    """
    W = np.atleast_2d(np.asarray(W, dtype=float))
    check_min_weight(W.shape[1], min_weight)
    return min_weight + (1.0 - W.shape[1] * min_weight) * W


def canonical(w, decimals: int = KEY_DECIMALS) -> tuple[float, ...]:
    """The mixture normalised and rounded so that it still sums to 1: equal tuples are one trial key.

    Largest-remainder rounding to units of 10**-decimals keeps the sum exact.

    >>> canonical([2, 1, 1]), canonical([1, 1, 1])
    ((0.5, 0.25, 0.25), (0.3334, 0.3333, 0.3333))
    """
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"a mixture needs finite non-negative weights with a positive sum, got {list(np.ravel(w))}")
    scale = 10**decimals
    exact = w / w.sum() * scale
    units = np.floor(exact + 1e-9).astype(np.int64)
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - units[i]), i))
    for i in order[: scale - int(units.sum())]:
        units[i] += 1
    return tuple(float(u) / scale for u in units)


def unique_rows(W: np.ndarray) -> np.ndarray:
    """Rows of `W` with duplicates (equal after `canonical`) removed, first occurrence kept."""
    seen, keep = set(), []
    for row in np.atleast_2d(W):
        key = canonical(row)
        if key not in seen:
            seen.add(key)
            keep.append(key)
    return np.array(keep, dtype=float)


def seed_design(m: int, dirichlet: int = 0, alpha: float = 1.0, seed: int = 0, min_weight: float = 0.0) -> np.ndarray:
    """MoDoMoDo's 2m+1 seed mixtures (each task alone, leave-one-out, uniform) plus `dirichlet` random ones.

    With two tasks "leave one out" equals "one alone", so the design has 3 rows, not 5.

    >>> seed_design(3).round(2).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0],
     [0.33, 0.33, 0.33]]
    """
    check_min_weight(m, min_weight)
    rows = [np.eye(m)]
    if m > 2:
        rows.append((1.0 - np.eye(m)) / (m - 1))
    rows.append(np.full((1, m), 1.0 / m))
    if dirichlet:
        rows.append(np.random.default_rng(seed).dirichlet(np.full(m, alpha), size=dirichlet))
    return unique_rows(floor_weights(np.vstack(rows), min_weight))


# -- surrogates: fit(W, y) -> model; model.predict(W) ----------------------------------------------------


def linear_features(W: np.ndarray) -> np.ndarray:
    """`[1, w]` per row."""
    W = np.atleast_2d(W)
    return np.hstack([np.ones((len(W), 1)), W])


def quadratic_features(W: np.ndarray) -> np.ndarray:
    """`[1, w, w_i * w_j for i <= j]` per row: 1 + m + m(m+1)/2 columns (MoDoMoDo's `[1, X, X (x) X]`)."""
    W = np.atleast_2d(W)
    i, j = np.triu_indices(W.shape[1])
    return np.hstack([np.ones((len(W), 1)), W, W[:, i] * W[:, j]])


FEATURES = {"linear": linear_features, "quadratic": quadratic_features}


@dataclass
class Surrogate:
    """A ridge-regularised least-squares model `y ~ features(w) . coef` (the intercept is not penalised).

    On the simplex the columns are collinear (`sum(w) == 1`), so only m(m+1)/2 quadratic coefficients are
    identifiable; the ridge term (or the minimum-norm solution) picks one of the equivalent fits.
    Other back-ends (gradient-boosted trees, a data-mixing law) only need `predict(W)`: `maximize` and
    `sample_and_rank` call nothing else.
    """

    kind: str
    coef: np.ndarray
    ridge: float
    n_obs: int
    extra: dict = field(default_factory=dict)

    def predict(self, W) -> np.ndarray:
        """Predicted objective of each mixture (rows of `W`)."""
        return FEATURES[self.kind](np.asarray(W, dtype=float)) @ self.coef

    @property
    def n_params(self) -> int:
        """Number of coefficients (intercept included)."""
        return len(self.coef)


def fit(W, y, kind: str = "quadratic", ridge: float | str = "auto") -> Surrogate:
    """Fit surrogate `kind` ("quadratic" or "linear") to observations; `ridge="auto"` picks the ridge by evidence.

    >>> W = seed_design(3); y = 1 - ((W - [0.2, 0.3, 0.5]) ** 2).sum(1)
    >>> bool(np.allclose(fit(W, y, ridge=1e-8).predict(W), y, atol=1e-4))
    True
    """
    if kind not in FEATURES:
        raise ValueError(f"unknown surrogate {kind!r}; choose one of {', '.join(FEATURES)}")
    W, y = np.atleast_2d(np.asarray(W, dtype=float)), np.asarray(y, dtype=float)
    if len(W) != len(y) or len(y) < 2:
        raise ValueError(f"need at least 2 observations with one objective each, got {len(W)} mixtures and "
                         f"{len(y)} values")
    chosen = choose_ridge(W, y, kind) if ridge == "auto" else float(ridge)
    X = FEATURES[kind](W)
    penalty = np.sqrt(chosen) * np.eye(X.shape[1])[1:]  # every row but the intercept's
    coef = np.linalg.lstsq(np.vstack([X, penalty]), np.concatenate([y, np.zeros(len(penalty))]), rcond=None)[0]
    return Surrogate(kind, coef, chosen, len(y), {"auto_ridge": ridge == "auto"})


def _group_folds(W: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    """Test-index folds that keep every seed of one mixture together (leave-one-mixture-out when few)."""
    keys = [canonical(w) for w in W]
    groups = sorted(set(keys))
    order = np.random.default_rng(seed).permutation(len(groups))
    n_folds = min(folds, len(groups))
    fold_of = {groups[g]: i % n_folds for i, g in enumerate(order)}
    return [np.array([r for r, k in enumerate(keys) if fold_of[k] == f]) for f in range(n_folds)]


def cross_validate(W, y, kind: str = "quadratic", ridge: float | str = "auto", folds: int = 5,
                   seed: int = 0) -> dict:
    """Out-of-fold predictions and R^2 (folds group the seeds of a mixture; <= `folds` mixtures -> leave-one-out).

    Returns `{"r2", "rmse", "predicted", "folds"}`; `r2` is None when fewer than 3 distinct mixtures exist.
    """
    W, y = np.atleast_2d(np.asarray(W, dtype=float)), np.asarray(y, dtype=float)
    parts = _group_folds(W, folds, seed)
    pred = np.full(len(y), np.nan)
    if len(parts) < 3:
        return {"r2": None, "rmse": None, "predicted": pred.tolist(), "folds": len(parts)}
    for test in parts:
        train = np.setdiff1d(np.arange(len(y)), test)
        pred[test] = fit(W[train], y[train], kind, ridge).predict(W[test])
    ss_tot = float(((y - y.mean()) ** 2).sum())
    ss_res = float(((y - pred) ** 2).sum())
    # Equal objectives (to rounding) leave nothing to explain: R^2 is undefined, not the ratio of two
    # rounding errors (which printed as -0.667).
    flat = float(np.ptp(y)) <= 1e-9 * max(1.0, float(np.abs(y).max()))
    r2 = None if flat or ss_tot <= 0 else 1.0 - ss_res / ss_tot
    return {"r2": r2, "rmse": float(np.sqrt(ss_res / len(y))), "predicted": pred.tolist(), "folds": len(parts)}


def choose_ridge(W: np.ndarray, y: np.ndarray, kind: str) -> float:
    """The ridge strength on RIDGE_GRID that maximises the marginal likelihood (evidence) of the fit.

    Ridge is a Gaussian prior on the coefficients; the evidence, with the noise variance profiled out and
    the unpenalised intercept projected away, weighs fit against complexity without holding points out,
    which is steadier than cross-validation with a dozen runs.
    """
    X = FEATURES[kind](W)[:, 1:]
    n = len(y)
    Q = np.linalg.svd(np.eye(n) - 1.0 / n, full_matrices=False)[0][:, : n - 1]  # orthonormal, orthogonal to 1
    z, Z = Q.T @ y, Q.T @ X
    best, best_score = RIDGE_GRID[0], -np.inf
    for lam in RIDGE_GRID:
        K = np.eye(n - 1) + Z @ Z.T / lam
        _, logdet = np.linalg.slogdet(K)
        quad = float(z @ np.linalg.solve(K, z))
        score = -0.5 * (n - 1) * np.log(max(quad, 1e-300) / (n - 1)) - 0.5 * logdet
        if score > best_score:
            best, best_score = lam, score
    return best


# -- proposals -----------------------------------------------------------------------------------------


def maximize(model: Surrogate, m: int, min_weight: float = 0.0, starts=None) -> tuple[np.ndarray, float]:
    """The surrogate's maximiser on the simplex (SLSQP from fixed starts: uniform, vertices, `starts`).

    Deterministic: the same model and starts give the same answer.
    """
    check_min_weight(m, min_weight)
    x0s = [np.full(m, 1.0 / m), *floor_weights(np.eye(m), min_weight)]
    x0s += [np.asarray(s, float) for s in (() if starts is None else starts)]
    bounds = [(min_weight, 1.0)] * m
    total = {"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones_like(w)}
    best, best_value = x0s[0], -np.inf
    for x0 in x0s:
        res = minimize(lambda w: -model.predict(w)[0], x0, method="SLSQP", bounds=bounds, constraints=[total],
                       options={"ftol": 1e-12, "maxiter": 500})
        w = np.clip(res.x, min_weight, 1.0)
        w = w / w.sum()
        value = float(model.predict(w)[0])
        if value > best_value + 1e-12:
            best, best_value = w, value
    return best, best_value


def sample_and_rank(model: Surrogate, W_obs, n: int = 4096, seed: int = 0,
                    min_weight: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """MoDoMoDo's candidates: a Gaussian fit to the observed mixtures, negatives dropped, renormalised, ranked.

    Returns `(mixtures, predicted)` sorted best first.
    """
    W_obs = np.atleast_2d(np.asarray(W_obs, dtype=float))
    m = W_obs.shape[1]
    rng = np.random.default_rng(seed)
    cov = np.cov(W_obs.T) if len(W_obs) > 1 else np.zeros((m, m))
    X = rng.multivariate_normal(W_obs.mean(0), np.atleast_2d(cov) + 1e-4 * np.eye(m), size=n, method="svd")
    X = X[(X >= 0).all(1) & (X.sum(1) > 1e-9)]
    if len(X) < n // 10:  # the Gaussian sits mostly outside the simplex: top up with uniform draws
        X = np.vstack([X, rng.dirichlet(np.ones(m), size=n)])
    X = floor_weights(X / X.sum(1, keepdims=True), min_weight)
    pred = model.predict(X)
    order = np.argsort(-pred, kind="stable")
    return X[order], pred[order]


def tv_distance(a, b) -> np.ndarray:
    """Total-variation distance `0.5 * |a - b|_1` between mixtures (broadcast over rows)."""
    return 0.5 * np.abs(np.asarray(a, float) - np.asarray(b, float)).sum(-1)


@dataclass
class Proposal:
    """The next mixtures to train, with what the surrogate predicts for them and where each came from."""

    mixtures: np.ndarray
    predicted: np.ndarray
    sources: list[str]
    model: Surrogate
    best: np.ndarray  # the surrogate's maximiser: the recommended mixture, proposed or not
    best_predicted: float


def propose(W, y, k: int = 1, kind: str = "quadratic", method: str = "both", ridge: float | str = "auto",
            min_weight: float = 0.0, samples: int = 4096, seed: int = 0, min_distance: float = 0.02) -> Proposal:
    """Fit a surrogate to `(W, y)` and return up to `k` new mixtures, best predicted first.

    `method`: "maximize" (the surrogate's maximiser on the simplex), "sample" (sample-and-rank around the
    observed mixtures) or "both" (the maximiser, then the best samples). A candidate closer than
    `min_distance` (total variation) to an observed or already chosen mixture is skipped, so fewer than `k`
    come back once the search has converged.
    """
    if method not in ("maximize", "sample", "both"):
        raise ValueError(f"unknown proposal method {method!r}; choose maximize, sample or both")
    W = np.atleast_2d(np.asarray(W, dtype=float))
    model = fit(W, y, kind, ridge)
    top = W[np.argsort(-np.asarray(y, float), kind="stable")[:3]]
    best, best_value = maximize(model, W.shape[1], min_weight, starts=top)
    cands, preds, srcs = [], [], []
    if method in ("maximize", "both"):
        cands, preds, srcs = [best], [best_value], ["maximizer"]
    if method in ("sample", "both"):
        X, p = sample_and_rank(model, W, samples, seed, min_weight)
        cands, preds, srcs = cands + list(X), preds + list(p), srcs + ["sample"] * len(X)
    chosen: list[int] = []
    for i, w in enumerate(cands):
        if len(chosen) == k:
            break
        near = [W] + [cands[c] for c in chosen]  # tried mixtures, then the ones picked so far
        if all(np.min(tv_distance(v, w)) >= min_distance for v in near):
            chosen.append(i)
    return Proposal(np.array([cands[i] for i in chosen]).reshape(-1, W.shape[1]), np.array([preds[i] for i in chosen]),
                    [srcs[i] for i in chosen], model, best, best_value)


# -- objective and seed spread -------------------------------------------------------------------------


def objective_value(metrics: dict, metric: str = "mean", sets=(), score: str = "pass@1") -> float | None:
    """One number from a trial's metrics: the mean or size-weighted `score` over eval `sets` (all when empty).

    Metrics imported without per-set results may carry `{"objective": y}`, used as it is.

    >>> m = {"sets": {"a": {"pass@1": 0.5, "questions": 10}, "b": {"pass@1": 1.0, "questions": 30}}}
    >>> objective_value(m), objective_value(m, "size_weighted"), objective_value(m, sets=["a"])
    (0.75, 0.875, 0.5)
    """
    if metric not in ("mean", "size_weighted"):
        raise ValueError(f"unknown objective metric {metric!r}; choose mean or size_weighted")
    results = metrics.get("sets") or {}
    if not results:
        return None if metrics.get("objective") is None else float(metrics["objective"])
    names = list(sets) or sorted(results)
    missing = [s for s in names if s not in results]
    if missing:
        raise ValueError(f"objective set(s) {', '.join(missing)} not in the trial's results "
                         f"({', '.join(sorted(results))})")
    values = np.array([results[s][score] if results[s].get(score) is not None else np.nan for s in names], float)
    if np.isnan(values).any():
        return None
    sizes = np.array([results[s].get("questions") or 1 for s in names], float)
    weights = sizes if metric == "size_weighted" else np.ones(len(names))
    return float((values * weights).sum() / weights.sum())


def seed_spread(W, y) -> list[dict]:
    """Observations grouped by mixture: mean, sample std and count of the seeds, best mean first."""
    groups: dict[tuple, list[float]] = {}
    for w, v in zip(np.atleast_2d(W), y):
        groups.setdefault(canonical(w), []).append(float(v))
    rows = [{"mixture": list(k), "mean": float(np.mean(v)), "std": float(np.std(v, ddof=1)) if len(v) > 1 else None,
             "n": len(v), "values": v} for k, v in groups.items()]
    return sorted(rows, key=lambda r: -r["mean"])
