#include "OverviewCharts.h"

#include "StatusColors.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace pgnotion {
namespace {

QChart::ChartTheme themeFor(const QPalette &palette) {
    return StatusColors::isDark(palette.color(QPalette::Window)) ? QChart::ChartThemeDark
                                                                 : QChart::ChartThemeLight;
}

QChart *addChart(QGridLayout *grid, const QString &objectName, const QString &title, int row, int column) {
    auto *chart = new QChart;
    chart->setTheme(themeFor(grid->parentWidget()->palette()));
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *view = new QChartView(chart, grid->parentWidget());
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    grid->addWidget(view, row, column);
    return chart;
}

void clear(QChart *chart) {
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis); // gives the axis back to us: it is ours to delete
        delete axis;
    }
}

// The whole window, not just the minutes with data: quiet periods show as quiet.
QDateTimeAxis *timeAxis(int windowMinutes) {
    auto *time = new QDateTimeAxis;
    time->setFormat(windowMinutes > 24 * 60 ? QStringLiteral("dd.MM") : QStringLiteral("HH:mm"));
    const QDateTime now = QDateTime::currentDateTime();
    time->setRange(now.addSecs(-60LL * windowMinutes), now);
    return time;
}

// Whole-number ticks (1, 2 or 5 times a power of ten apart, at most about five), the top point inside.
QValueAxis *countAxis(double highest) {
    const double top = std::max(1.0, highest * 1.1);
    double step = 1;
    for (double magnitude = 1; top / step > 5; magnitude *= 10) {
        for (const double factor : {1.0, 2.0, 5.0}) {
            step = factor * magnitude;
            if (top / step <= 5)
                break;
        }
    }
    auto *counts = new QValueAxis;
    counts->setRange(0, std::ceil(top / step) * step);
    counts->setTickType(QValueAxis::TicksDynamic);
    counts->setTickAnchor(0);
    counts->setTickInterval(step);
    counts->setLabelFormat(QStringLiteral("%d"));
    return counts;
}

void showFailures(QChart *chart, const QList<FailureCount> &failures, const QString &noKey) {
    clear(chart);
    auto *set = new QBarSet(QObject::tr("failed attempts"));
    QStringList keys;
    double highest = 0;
    // Horizontal bars grow upwards: the largest goes last, to stand on top.
    for (auto it = failures.crbegin(); it != failures.crend(); ++it) {
        keys.append(it->key.isEmpty() ? noKey : it->key);
        set->append(it->attempts);
        highest = std::max(highest, double(it->attempts));
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(keys.isEmpty() ? QStringList{QObject::tr("no failures")} : keys);
    chart->addAxis(categories, Qt::AlignLeft);
    auto *counts = countAxis(highest);
    chart->addAxis(counts, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(counts);
    chart->legend()->setVisible(false);
}

// One line per series over the window, on one value axis. A point with no value (no completed sync in
// that bucket has no latency) leaves a gap in its line.
struct Line {
    QString name;
    std::function<std::optional<double>(const HealthPoint &)> value;
};

void showLines(QChart *chart, const SyncHealth &health, int windowMinutes, const QList<Line> &lines,
               QValueAxis *axis) {
    clear(chart);
    auto *time = timeAxis(windowMinutes);
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(axis, Qt::AlignLeft);
    for (const Line &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        for (const HealthPoint &point : health.series) {
            if (const auto value = line.value(point))
                series->append(double(point.at.toMSecsSinceEpoch()), *value);
        }
        series->setPointsVisible(true); // a window with one busy minute is still seen
        chart->addSeries(series);
        series->attachAxis(time);
        series->attachAxis(axis);
    }
    chart->legend()->setVisible(lines.size() > 1);
}

double highest(const SyncHealth &health, const std::function<double(const HealthPoint &)> &value) {
    double top = 0;
    for (const HealthPoint &point : health.series)
        top = std::max(top, value(point));
    return top;
}

} // namespace

OverviewCharts::OverviewCharts(QWidget *parent)
    : QWidget(parent) {
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_syncs = addChart(grid, QStringLiteral("syncsChartView"), tr("Syncs completed and failed"), 0, 0);
    m_success = addChart(grid, QStringLiteral("successChartView"), tr("Success rate (%)"), 0, 1);
    m_latency = addChart(grid, QStringLiteral("latencyChartView"), tr("Latency p50 / p95 (ms)"), 0, 2);
    m_depth = addChart(grid, QStringLiteral("depthChartView"), tr("Waiting jobs"), 1, 0);
    m_byType =
        addChart(grid, QStringLiteral("failuresByTypeChartView"), tr("Failures by resource type"), 1, 1);
    m_byCode = addChart(grid, QStringLiteral("failuresByCodeChartView"), tr("Failures by error code"), 1, 2);
}

QList<QChart *> OverviewCharts::charts() const {
    return {m_syncs, m_success, m_latency, m_depth, m_byType, m_byCode};
}

void OverviewCharts::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange && event->type() != QEvent::ApplicationPaletteChange)
        return;
    // Setting a theme restyles the series and axes a chart already has: no redraw of the data needed.
    const QChart::ChartTheme theme = themeFor(palette());
    for (QChart *chart : charts()) {
        if (chart->theme() != theme)
            chart->setTheme(theme);
    }
}

void OverviewCharts::display(const SyncHealth &health, int windowMinutes) {
    const auto completed = [](const HealthPoint &p) {
        return double(p.completed);
    };
    const auto failed = [](const HealthPoint &p) {
        return double(p.failed);
    };
    showLines(m_syncs, health, windowMinutes, {{tr("completed"), completed}, {tr("failed"), failed}},
              countAxis(std::max(highest(health, completed), highest(health, failed))));

    auto *percent = new QValueAxis;
    percent->setRange(0, 100);
    percent->setLabelFormat(QStringLiteral("%d"));
    showLines(m_success, health, windowMinutes,
              {{tr("success"),
                [](const HealthPoint &p) -> std::optional<double> {
                    const int attempts = p.completed + p.failed;
                    return attempts == 0 ? std::nullopt
                                         : std::optional<double>(100.0 * p.completed / attempts);
                }}},
              percent);

    auto *milliseconds = countAxis(highest(health, [](const HealthPoint &p) { return p.p95Ms.value_or(0); }));
    showLines(m_latency, health, windowMinutes,
              {{tr("p50"),
                [](const HealthPoint &p) {
                    return p.p50Ms;
                }},
               {tr("p95"),
                [](const HealthPoint &p) {
                    return p.p95Ms;
                }}},
              milliseconds);

    const auto depth = [](const HealthPoint &p) {
        return double(p.depth);
    };
    showLines(m_depth, health, windowMinutes, {{tr("pending and retrying"), depth}},
              countAxis(highest(health, depth)));

    showFailures(m_byType, health.failuresByType, tr("(none)"));
    showFailures(m_byCode, health.failuresByErrorCode, tr("(no code)"));
}

} // namespace pgnotion
