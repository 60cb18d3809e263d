#pragma once

#include "verify/Drift.h"

#include <QList>
#include <QString>

namespace pgnotion {

// How much of one resource a verify compared.
struct ResourceCheck {
    QString resource;
    int rows = 0;  // rows in Postgres
    int pages = 0; // live pages in its data source
};

// Everything a verify found: every drift, and per resource how many rows and pages were compared.
struct DriftReport {
    QList<ResourceCheck> resources;
    QList<Drift> drifts;

    bool hasDrift() const { return !drifts.isEmpty(); }
    int count(const QString &resource, DriftKind kind) const;
    int rowCount() const;
    int pageCount() const;

    // One line per drift, then one summary line per resource and a total: what `--verify` prints.
    QString toText() const;
    static QString line(const Drift &drift);
};

} // namespace pgnotion
