#pragma once

#include <QColor>
#include <QPalette>

namespace pgnotion {

// The one place that says which colour means good, bad, warning or muted text. Each colour is derived from
// the palette it is drawn on, so it stays readable on a light and on a dark theme alike: its WCAG contrast
// against the background (the palette's base colour for item views, its window colour for labels) is at
// least kMinimumContrast. Models use the application palette
// (QtGui only: models stay free of QtWidgets); widgets pass their own.
class StatusColors {
public:
    enum Status { Good, Bad, Warning, Muted };

    // WCAG 2 "AA" for normal text.
    static constexpr double kMinimumContrast = 4.5;

    static QColor color(Status status, const QPalette &palette,
                        QPalette::ColorRole background = QPalette::Base);
    // On QGuiApplication::palette()'s base: the item models' text.
    static QColor color(Status status);

    static bool isDark(const QColor &background);
    // WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white).
    static double contrastRatio(const QColor &first, const QColor &second);
    static double relativeLuminance(const QColor &colour);
};

} // namespace pgnotion
