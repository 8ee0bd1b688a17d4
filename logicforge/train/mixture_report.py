"""Reports on a mixture search: the trial table, seed spread beside every gain, surrogate fit, and PNG plots."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from logicforge.train import mixture as mx
from logicforge.train.mixture_run import MixSearchConfig, observations, propose_from_store, summary
from logicforge.train.mixture_store import TrialStore

TOP = 8  # mixtures shown in the weights plot


def build_report(store: TrialStore, cfg: MixSearchConfig, objective: dict | None = None) -> dict:
    """Everything `mix report` shows: trials, mixtures with seed spread, gain over uniform, fit and proposal."""
    trials, W, y = observations(store, objective)
    tasks = store.get_meta("tasks") or []
    rep = summary(store, objective)
    rep["objective"] = objective or store.get_meta("objective")
    obj = rep["objective"] or {}
    rep["trials"] = [{"id": t.id, "round": t.round, "seed": t.seed, "status": t.status, "mixture": t.mixture,
                      "source": t.source, "error": t.error,
                      "objective": mx.objective_value(t.metrics, **obj) if t.metrics else None}
                     for t in store.trials()]
    rep["gain_over_uniform"] = gain_over_uniform(rep["mixtures"], len(tasks))
    rep["fit"] = fit_section(store, cfg, W, y) if len(y) and len(mx.unique_rows(W)) >= 2 else None
    return rep


def gain_over_uniform(groups: list[dict], m: int) -> dict | None:
    """Best mixture minus the uniform one, with each side's seed spread and the standard error of the gap."""
    if not groups or not m:
        return None
    uniform = next((g for g in groups if np.allclose(g["mixture"], 1.0 / m, atol=1e-4)), None)
    if uniform is None:
        return None
    best = groups[0]
    both = best["std"] is not None and uniform["std"] is not None
    se = float(np.sqrt(best["std"] ** 2 / best["n"] + uniform["std"] ** 2 / uniform["n"])) if both else None
    return {"best": best["mixture"], "gain": best["mean"] - uniform["mean"], "se": se,
            "best_seeds": best["n"], "uniform_seeds": uniform["n"],
            "note": None if both else "one seed on a side: no spread to compare the gain with (set design.seeds)"}


def fit_section(store: TrialStore, cfg: MixSearchConfig, W: np.ndarray, y: np.ndarray) -> dict:
    """The surrogate's k-fold R^2, its maximiser (the recommendation) and the next proposals."""
    s = cfg.search
    prop = propose_from_store(store, cfg)
    cv = mx.cross_validate(W, y, s.surrogate, s.ridge)
    return {"surrogate": s.surrogate, "params": prop.model.n_params, "observations": len(y), "ridge": prop.model.ridge,
            "ridge_auto": s.ridge == "auto", "cv_r2": cv["r2"], "cv_rmse": cv["rmse"], "cv_folds": cv["folds"],
            "cv_predicted": cv["predicted"], "fitted": prop.model.predict(W).tolist(), "observed": y.tolist(),
            "recommended": prop.best.tolist(), "recommended_predicted": prop.best_predicted,
            "proposals": [{"mixture": w.tolist(), "predicted": float(p), "source": src}
                          for w, p, src in zip(prop.mixtures, prop.predicted, prop.sources)]}


def write_report(rep: dict, out: str | Path) -> dict[str, str]:
    """`report.json` plus, with matplotlib, `predicted_vs_observed.png` and `best_mixtures.png` in `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {"report": str(out / "report.json")}
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display on training hosts
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None and rep.get("fit"):
        files["predicted_vs_observed"] = str(_plot_fit(plt, rep["fit"], out / "predicted_vs_observed.png"))
    if plt is not None and rep["mixtures"]:
        files["best_mixtures"] = str(_plot_weights(plt, rep, out / "best_mixtures.png"))
    rep["files"] = files
    Path(files["report"]).write_text(json.dumps(rep, indent=2, default=str) + "\n")
    return files


def _plot_fit(plt, fit: dict, path: Path) -> Path:
    obs, oof, fitted = (np.array(fit[k], float) for k in ("observed", "cv_predicted", "fitted"))
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(obs, fitted, marker="x", color="0.6", label="in-sample fit")
    ok = ~np.isnan(oof)
    if ok.any():
        ax.scatter(obs[ok], oof[ok], color="C0", label=f"held out ({fit['cv_folds']} folds)")
    lo, hi = float(np.nanmin([obs.min(), fitted.min()])), float(np.nanmax([obs.max(), fitted.max()]))
    ax.plot([lo, hi], [lo, hi], "k--", lw=1)
    r2 = "n/a" if fit["cv_r2"] is None else f"{fit['cv_r2']:.2f}"
    ax.set(xlabel="observed objective", ylabel="predicted objective",
           title=f"{fit['surrogate']} surrogate: k-fold R$^2$ = {r2} ({fit['observations']} runs)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _plot_weights(plt, rep: dict, path: Path) -> Path:
    tasks = rep["tasks"]
    rows = [(f"{g['mean']:.3f}" + (f" ± {g['std']:.3f}" if g["std"] is not None else "") + f" (n={g['n']})",
             g["mixture"]) for g in rep["mixtures"][:TOP]]
    if rep.get("fit"):
        fit = rep["fit"]
        rows.insert(0, (f"surrogate max: {fit['recommended_predicted']:.3f} predicted", fit["recommended"]))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.5))
    left = np.zeros(len(rows))
    for i, task in enumerate(tasks):
        widths = np.array([w[i] for _, w in rows])
        ax.barh(range(len(rows)), widths, left=left, color=f"C{i % 10}", label=task)
        left += widths
    ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize="small")
    ax.invert_yaxis()
    ax.set(xlim=(0, 1), xlabel="task weight", title="best mixtures (objective mean ± seed std)")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=min(4, len(tasks)))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def format_report(rep: dict) -> str:
    """The report as text: counts, the best mixtures with seed spread, the gain over uniform, the fit."""
    tasks = rep["tasks"] or []
    c = rep["counts"]
    lines = [f"trials: {c['done']} done, {c['pending']} pending, {c['running']} running, {c['failed']} failed",
             "", f"{'mean':>7} {'std':>7} {'seeds':>5}  mixture ({', '.join(tasks)})"]
    for g in rep["mixtures"][:TOP]:
        std = "-" if g["std"] is None else f"{g['std']:.3f}"
        lines.append(f"{g['mean']:>7.3f} {std:>7} {g['n']:>5}  " + " ".join(f"{w:.3f}" for w in g["mixture"]))
    gain = rep.get("gain_over_uniform")
    if gain:
        se = f" ± {gain['se']:.3f} (s.e. from seeds)" if gain["se"] is not None else f"  [{gain['note']}]"
        lines += ["", f"best vs uniform: {gain['gain']:+.3f}{se}",
                  "  (the best of many observed mixtures is biased upwards: confirm it with fresh seeds)"]
    fit = rep.get("fit")
    if fit:
        r2 = "n/a (fewer than 3 mixtures, or all results equal)" if fit["cv_r2"] is None else f"{fit['cv_r2']:.3f}"
        lines += ["", f"{fit['surrogate']} surrogate: {fit['params']} parameters, {fit['observations']} runs, "
                      f"ridge {fit['ridge']:.1e}{' (auto)' if fit['ridge_auto'] else ''}, k-fold R^2 {r2}"
                      + ("; fewer runs than parameters, so ridge-regularised" if fit["observations"] < fit["params"]
                         else ""),
                  "recommended (surrogate max): " + _mix(tasks, fit["recommended"])
                  + f"  predicted {fit['recommended_predicted']:.3f}"]
        lines += [f"proposal ({p['source']}): {_mix(tasks, p['mixture'])}  predicted {p['predicted']:.3f}"
                  for p in fit["proposals"]]
    return "\n".join(lines)


def _mix(tasks: list[str], w) -> str:
    return ", ".join(f"{t}={x:.3f}" for t, x in zip(tasks, w))
