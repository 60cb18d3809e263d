#include "AlertBanner.h"
#include "DarkPalette.h"
#include "OverviewCharts.h"
#include "StatusColors.h"
#include "StatusLabel.h"

#include <QApplication>
#include <QChart>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

const QList<StatusColors::Status> kStatuses = {StatusColors::Good, StatusColors::Bad, StatusColors::Warning,
                                               StatusColors::Muted};

QPalette lightPalette() {
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion->standardPalette();
}

// One colour everywhere: a palette whose every role is `colour` (only the background matters here).
QPalette flatPalette(const QColor &colour) {
    QPalette flat(colour);
    flat.setColor(QPalette::Base, colour);
    flat.setColor(QPalette::Window, colour);
    return flat;
}

QString describe(StatusColors::Status status, const QColor &colour, const QColor &background) {
    return QStringLiteral("status %1: %2 on %3, contrast %4")
        .arg(int(status))
        .arg(colour.name(), background.name())
        .arg(StatusColors::contrastRatio(colour, background), 0, 'f', 2);
}

bool allOfTheme(const OverviewCharts &charts, QChart::ChartTheme theme) {
    const auto all = charts.charts();
    return std::all_of(all.begin(), all.end(),
                       [theme](const QChart *chart) { return chart->theme() == theme; });
}

} // namespace

// The status colours read on light and dark palettes (WCAG contrast ≥ 4.5 against the background they
// are drawn on), the charts take the dark theme on a dark palette, and labels recolour when it changes.
class TestStatusColors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theContrastFormulaIsWcags() {
        QCOMPARE(StatusColors::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(StatusColors::contrastRatio(Qt::white, Qt::white), 1.0);
        QCOMPARE(StatusColors::contrastRatio(Qt::white, Qt::black), 21.0);
        // Reference figures from the WCAG contrast checkers.
        QCOMPARE(qRound(StatusColors::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
        QCOMPARE(qRound(StatusColors::contrastRatio(QColor(0x00, 0x00, 0xff), Qt::white) * 100), 859);
    }

    // What the dashboard had before: fine on white, unreadable on a dark theme's views.
    void fixedColoursFailOnDark() {
        const QColor darkBase = darkPalette().color(QPalette::Base);
        for (const QColor &old : {QColor(0xb0, 0x00, 0x20), QColor(0x1b, 0x7f, 0x3b),
                                  QColor(0x75, 0x75, 0x75), QColor(0xc0, 0x1c, 0x28)})
            QVERIFY2(StatusColors::contrastRatio(old, darkBase) < StatusColors::kMinimumContrast,
                     qPrintable(old.name()));
    }

    // The banner keeps its own red on every theme, on purpose: its white text must read on it.
    void theAlertBannerReads() {
        AlertBanner banner;
        const QPalette colours = banner.palette();
        QVERIFY(StatusColors::contrastRatio(colours.color(QPalette::WindowText),
                                            colours.color(QPalette::Window)) >=
                StatusColors::kMinimumContrast);
    }

    void readableOnEveryPalette_data() {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("Fusion light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
        QTest::newRow("white") << flatPalette(Qt::white);
        QTest::newRow("black") << flatPalette(Qt::black);
        QTest::newRow("mid grey") << flatPalette(QColor(0x77, 0x77, 0x77));
        QTest::newRow("solarized light") << flatPalette(QColor(0xfd, 0xf6, 0xe3));
        QTest::newRow("solarized dark") << flatPalette(QColor(0x00, 0x2b, 0x36));
        QTest::newRow("dark red") << flatPalette(QColor(0x40, 0x10, 0x10));
    }

    void readableOnEveryPalette() {
        QFETCH(QPalette, palette);
        for (const QPalette::ColorRole background : {QPalette::Base, QPalette::Window}) {
            const QColor behind = palette.color(background);
            for (const StatusColors::Status status : kStatuses) {
                const QColor colour = StatusColors::color(status, palette, background);
                QVERIFY2(StatusColors::contrastRatio(colour, behind) >= StatusColors::kMinimumContrast,
                         qPrintable(describe(status, colour, behind)));
            }
        }
    }

    // Still saying good and bad by hue on the usual themes, not only grey that reads.
    void keepTheirMeaning_data() { readableOnEveryPalette_data(); }

    void keepTheirMeaning() {
        QFETCH(QPalette, palette);
        if (palette.color(QPalette::Base) == QColor(0x77, 0x77, 0x77) ||
            palette.color(QPalette::Base) == QColor(0x40, 0x10, 0x10))
            return; // on these only near-black or near-white reads: the hue can go
        const int bad = StatusColors::color(StatusColors::Bad, palette).hslHue();
        const int good = StatusColors::color(StatusColors::Good, palette).hslHue();
        const int warning = StatusColors::color(StatusColors::Warning, palette).hslHue();
        QVERIFY2(bad >= 330 || (bad >= 0 && bad <= 15), qPrintable(QString::number(bad)));
        QVERIFY2(good >= 90 && good <= 160, qPrintable(QString::number(good)));
        QVERIFY2(warning >= 25 && warning <= 55, qPrintable(QString::number(warning)));
        QCOMPARE(StatusColors::color(StatusColors::Muted, palette).hslSaturation(), 0);
    }

    void modelsUseTheApplicationPalette() {
        const QPalette before = QApplication::palette();
        QApplication::setPalette(darkPalette());
        const QColor bad = StatusColors::color(StatusColors::Bad);
        QApplication::setPalette(before);
        QCOMPARE(bad, StatusColors::color(StatusColors::Bad, darkPalette()));
        QVERIFY(StatusColors::color(StatusColors::Bad) != bad);
    }

    void chartsFollowThePalette() {
        QApplication::setPalette(lightPalette());
        OverviewCharts charts;
        charts.show(); // a window: Qt tells windows, and through them their children, of a new palette
        QCOMPARE(charts.charts().size(), 6);
        for (QChart *chart : charts.charts())
            QCOMPARE(chart->theme(), QChart::ChartThemeLight);

        // The desktop switches to dark while the window is open: Qt passes that on through the event loop.
        QApplication::setPalette(darkPalette());
        QTRY_VERIFY(allOfTheme(charts, QChart::ChartThemeDark));
        OverviewCharts openedInTheDark;
        for (QChart *chart : openedInTheDark.charts())
            QCOMPARE(chart->theme(), QChart::ChartThemeDark);

        QApplication::setPalette(lightPalette());
        QTRY_VERIFY(allOfTheme(charts, QChart::ChartThemeLight));
        charts.setPalette(darkPalette()); // a palette of its own, or of a parent
        QTRY_VERIFY(allOfTheme(charts, QChart::ChartThemeDark));
    }

    void labelsRecolourWhenThePaletteChanges() {
        QApplication::setPalette(lightPalette());
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *label = new StatusLabel(QStringLiteral("result"), &window);
        layout->addWidget(label);
        window.show();
        const auto contrast = [label] {
            return StatusColors::contrastRatio(label->palette().color(QPalette::WindowText),
                                               label->palette().color(QPalette::Window));
        };
        label->showStatus(QStringLiteral("Cannot connect"), StatusColors::Bad);
        QCOMPARE(label->palette().color(QPalette::WindowText),
                 StatusColors::color(StatusColors::Bad, lightPalette(), QPalette::Window));
        QVERIFY(contrast() >= StatusColors::kMinimumContrast);

        QApplication::setPalette(darkPalette());
        QTRY_COMPARE(label->palette().color(QPalette::Window), darkPalette().color(QPalette::Window));
        QCOMPARE(label->palette().color(QPalette::WindowText),
                 StatusColors::color(StatusColors::Bad, darkPalette(), QPalette::Window));
        QVERIFY2(contrast() >= StatusColors::kMinimumContrast, qPrintable(QString::number(contrast())));

        label->showPlain(QStringLiteral("Testing…")); // the palette's own text colour again
        QCOMPARE(label->palette().color(QPalette::WindowText), darkPalette().color(QPalette::WindowText));
        QApplication::setPalette(lightPalette());
        QTRY_COMPARE(label->palette().color(QPalette::WindowText),
                     lightPalette().color(QPalette::WindowText));
    }
};

QTEST_MAIN(TestStatusColors)
#include "tst_statuscolors.moc"
