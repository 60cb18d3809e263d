#include "StatusColors.h"

#include <QGuiApplication>

#include <algorithm>
#include <cmath>

namespace pgnotion {
namespace {

// Starting points with a recognisable hue on either kind of background; color() then makes sure of the
// contrast on the actual palette, whatever the theme's base colour is.
QColor seed(StatusColors::Status status, bool dark) {
    switch (status) {
    case StatusColors::Good:
        return dark ? QColor(0x7b, 0xd8, 0x8f) : QColor(0x1b, 0x7f, 0x3b);
    case StatusColors::Bad:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
    case StatusColors::Warning:
        return dark ? QColor(0xf5, 0xc2, 0x6b) : QColor(0x8a, 0x53, 0x00);
    case StatusColors::Muted:
        break;
    }
    return dark ? QColor(0xa8, 0xa8, 0xa8) : QColor(0x61, 0x61, 0x61);
}

double linear(double channel) {
    return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

} // namespace

QColor StatusColors::color(Status status, const QPalette &palette, QPalette::ColorRole background) {
    const QColor base = palette.color(QPalette::Active, background);
    const bool dark = isDark(base);
    QColor colour = seed(status, dark);
    // Towards white on a dark base, towards black on a light one, until it reads: black or white always
    // does (one of them has a contrast of at least √21 ≈ 4.58 with any colour).
    float hue = 0, saturation = 0, lightness = 0;
    colour.getHslF(&hue, &saturation, &lightness);
    while (contrastRatio(colour, base) < kMinimumContrast && lightness > 0 && lightness < 1) {
        lightness = std::clamp(lightness + (dark ? 0.02f : -0.02f), 0.0f, 1.0f);
        colour = QColor::fromHslF(hue, saturation, lightness);
    }
    return colour;
}

QColor StatusColors::color(Status status) {
    return color(status, QGuiApplication::palette());
}

bool StatusColors::isDark(const QColor &background) {
    return contrastRatio(background, Qt::white) > contrastRatio(background, Qt::black);
}

double StatusColors::contrastRatio(const QColor &first, const QColor &second) {
    const double a = relativeLuminance(first);
    const double b = relativeLuminance(second);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

double StatusColors::relativeLuminance(const QColor &colour) {
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

} // namespace pgnotion
