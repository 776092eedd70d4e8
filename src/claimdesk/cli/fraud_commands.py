"""`claimdesk fraud …`: train and evaluate the risk score, mine patterns for analysts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Heavy libraries (polars, scikit-learn, LightGBM, SQLAlchemy) load inside the commands
# that use them, so that `claimdesk --help` and the other commands start at once.
if TYPE_CHECKING:
    from claimdesk.bootstrap import Container
    from claimdesk.fraud.columns import ColumnPlan

fraud_app = typer.Typer(help="反欺诈 / anti-fraud: risk score and patterns", no_args_is_help=True)

DataOption = Annotated[Path, typer.Option("--data", help="CSV 数据文件 / CSV file")]
LabelOption = Annotated[str, typer.Option("--label", help="标签列 / label column (binary)")]
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="不用作特征的列 / column not to use")
]


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def _load(data: Path, label: str | None, time_column: str | None, exclude: list[str] | None):  # type: ignore[no-untyped-def]
    if not data.is_file():
        raise _fail(f"数据文件不存在 / data file not found: {data}")
    from claimdesk.fraud.columns import plan_columns, read_table

    table = read_table(str(data))
    if label is None:
        return table, None
    return table, plan_columns(table, label, time_column, tuple(exclude or ()))


def _print_plan(plan: ColumnPlan, explain_plan: bool = False) -> None:
    typer.echo(f"特征 / features: {len(plan.features)} ({', '.join(plan.features)})")
    for name, reason in plan.dropped.items():
        typer.echo(f"  不使用 / dropped: {name} ({reason})")
    if plan.group_column:
        typer.echo(f"  分组交叉验证 / group-aware folds on: {plan.group_column}")
    if explain_plan:
        from claimdesk.fraud.report import plan_lines

        for line in plan_lines(plan):
            typer.echo(line)


@fraud_app.command("train")
def train_command(
    data: DataOption,
    label: LabelOption,
    model_out: Annotated[Path, typer.Option("--model-out")] = Path("fraud_model.json"),
    exclude: ExcludeOption = None,
    explain_top: Annotated[int, typer.Option("--show", help="显示最高风险赔案数")] = 5,
) -> None:
    """训练风险评分模型 / train the risk score on a labelled CSV."""
    from claimdesk.fraud.columns import InvalidTable
    from claimdesk.fraud.explain import explain
    from claimdesk.fraud.model import save_model, score, train_model
    from claimdesk.fraud.selection import choose

    try:
        table, plan = _load(data, label, None, exclude)
        chosen = choose(table, plan)
        model = train_model(table, plan, chosen.params)
    except InvalidTable as error:
        raise _fail(str(error)) from error
    _print_plan(plan)
    typer.echo(f"配置（内层交叉验证选出） / configuration chosen by inner CV: {chosen.name}")
    save_model(model, model_out)
    typer.echo(f"模型已保存 / model saved: {model_out}")
    probabilities = score(model, table)
    highest = probabilities.argsort()[::-1][:explain_top].tolist()
    for row, reasons in zip(highest, explain(model, table[highest]), strict=True):
        typer.echo(f"  row {row}: score {probabilities[row]:.3f}")
        for reason in reasons:
            typer.echo(f"    · {reason.text_zh} / {reason.text_en}")


@fraud_app.command("evaluate")
def evaluate_command(
    data: DataOption,
    label: LabelOption,
    time_column: Annotated[str | None, typer.Option("--time-column")] = None,
    train_until: Annotated[str | None, typer.Option("--train-until")] = None,
    folds: Annotated[int, typer.Option("--folds")] = 5,
    exclude: ExcludeOption = None,
    explain_plan: Annotated[
        bool, typer.Option("--explain-plan", help="说明每列的处理 / why each column is used")
    ] = False,
) -> None:
    """交叉验证与跨时间检验，与两个基线并列 / CV and out-of-time figures beside baselines."""
    from claimdesk.fraud.columns import InvalidTable, plan_columns
    from claimdesk.fraud.evaluation import compare_cross_validated, compare_out_of_time
    from claimdesk.fraud.report import comparison_lines
    from claimdesk.fraud.timesplit import chronological_mask

    if (time_column is None) != (train_until is None):
        raise _fail("--time-column 与 --train-until 须同时给出 / give both or neither")
    try:
        table, plan = _load(data, label, None, exclude)
        timed = None
        if time_column and train_until:
            # The split is checked before the cross-validation runs: a time column that cannot
            # be read is refused at once, not after minutes of fitting.
            timed = plan_columns(table, label, time_column, tuple(exclude or ()))
            chronological_mask(table, timed, time_column, train_until)
        _print_plan(plan, explain_plan)
        typer.echo(f"\n{folds}-fold CV")
        for line in comparison_lines(compare_cross_validated(table, plan, folds)):
            typer.echo(line)
        if timed is not None and time_column and train_until:
            typer.echo(f"\nout-of-time ({time_column} > {train_until})")
            result = compare_out_of_time(table, timed, time_column, train_until)
            for line in comparison_lines(result):
                typer.echo(line)
    except InvalidTable as error:
        raise _fail(str(error)) from error


@fraud_app.command("patterns")
def patterns_command(
    data: DataOption,
    label: Annotated[str | None, typer.Option("--label")] = None,
    clusters: Annotated[int, typer.Option("--clusters")] = 5,
    min_support: Annotated[float, typer.Option("--min-support")] = 0.05,
) -> None:
    """关联规则与聚类 / association rules and clusters for analysts."""
    from importlib.util import find_spec

    from claimdesk.fraud.columns import InvalidTable, plan_columns
    from claimdesk.fraud.patterns import patterns_report

    if find_spec("mlxtend") is None:
        raise _fail("关联规则需要可选组件 / association rules need the optional extra: "
                    "pip install 'claimdesk[patterns]'")  # fmt: skip
    try:
        table, _ = _load(data, None, None, None)
        if label is not None:
            plan_columns(table, label)
        typer.echo(patterns_report(table, label, clusters, min_support))
    except InvalidTable as error:
        raise _fail(str(error)) from error


def _container() -> Container:
    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings

    return build_container(Settings())


ModelOption = Annotated[Path | None, typer.Option("--model", help="模型文件 / model file")]


@fraud_app.command("export-claims")
def export_claims_command(out: Annotated[Path, typer.Option("--out")]) -> None:
    """导出赔案特征 / export the stored claims' features (labelled by investigations) as CSV."""
    from claimdesk.services.fraud import scoring as fraud_scoring

    table = fraud_scoring.export_features(_container().uow())
    table.write_csv(out)
    typer.echo(f"已导出 / exported: {table.height} claims → {out}")


@fraud_app.command("train-claims")
def train_claims_command(
    label_from: Annotated[str, typer.Option("--label-from")] = "investigations",
    model_out: ModelOption = None,
) -> None:
    """用调查结论训练 / train on stored claims labelled by investigation outcomes."""
    from claimdesk.services.fraud import scoring as fraud_scoring

    if label_from != "investigations":
        raise _fail("--label-from 只支持 investigations / only 'investigations' is supported")
    container = _container()
    path = model_out or container.settings.fraud_model_path or Path("fraud_model.json")
    rows, synthetic = fraud_scoring.train_claims(container.uow(), path)
    if synthetic:
        typer.echo(
            "标注不足，已加入合成样本 / too few labels: synthetic book added (docs/fraud.md)"
        )
    typer.echo(f"模型已保存 / model saved: {path} ({rows} rows)")


@fraud_app.command("score-claims")
def score_claims_command(model: ModelOption = None) -> None:
    """为已存赔案评分 / score every stored claim and store score and top reasons."""
    from claimdesk.services.fraud import scoring as fraud_scoring

    container = _container()
    path = model or container.settings.fraud_model_path or Path("fraud_model.json")
    if not path.is_file():
        raise _fail(f"模型文件不存在 / model file not found: {path}")
    count = fraud_scoring.score_claims(container.uow(), container.clock, path)
    typer.echo(f"已评分 / scored: {count} claims")


@fraud_app.command("retrain")
def retrain_command(model_out: ModelOption = None) -> None:
    """重新训练并评分 / retrain on stored claims, store the evaluation beside the model, re-score
    every claim (the server does the same every `fraud_retrain_interval_hours`)."""
    from claimdesk.services.fraud.retrain import evaluation_path, retrain

    container = _container()
    path = model_out or container.settings.fraud_model_path or Path("fraud_model.json")
    done = retrain(container.uow, container.clock, path)
    if done.synthetic:
        typer.echo(
            "标注不足，已加入合成样本 / too few labels: synthetic book added (docs/fraud.md)"
        )
    metrics = done.metrics
    typer.echo(f"模型已保存 / model saved: {path} ({done.rows} rows)")
    typer.echo(
        f"交叉验证 / {3}-fold CV: ROC-AUC {metrics.roc_auc:.3f}, PR-AUC {metrics.pr_auc:.3f}, "
        f"Brier {metrics.brier:.3f} → {evaluation_path(path)}"
    )
    typer.echo(f"已评分 / scored: {done.scored} claims")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(fraud_app, name="fraud")
