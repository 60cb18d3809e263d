-- Sums latency histograms across rows (the Overview adds up the minutes of a window).
CREATE AGGREGATE pgnotion.int_array_add_all(integer[]) (
    SFUNC = pgnotion.int_array_add,
    STYPE = integer[]
);
