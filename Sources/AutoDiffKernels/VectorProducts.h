// Matrix-vector products (one row or one column of C), written once with clang vector types
// and instantiated by each variant's file with its target attribute and vector width:
//   #define ADK_VP_ATTR  the variant's target attribute (or nothing)
//   #define ADK_VP_LANES doubles per register
//   #define ADK_VP_NAME(x) the variant's prefix for x
// A product with one row or one column reads each element of the matrix once, so it is bound
// by loads, not by multiply-adds: these loops stream the matrix with as few loads as possible
// and no packing.

typedef double ADK_VP_NAME(vector) __attribute__((ext_vector_type(ADK_VP_LANES), aligned(8)));

/// The sum of a register's lanes, halving the register each step.
static inline __attribute__((always_inline)) ADK_VP_ATTR double ADK_VP_NAME(lane_sum)(ADK_VP_NAME(vector) v) {
#if ADK_VP_LANES == 8
    typedef double half __attribute__((ext_vector_type(4)));
    const half h = __builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7);
    typedef double quarter __attribute__((ext_vector_type(2)));
    const quarter q = __builtin_shufflevector(h, h, 0, 1) + __builtin_shufflevector(h, h, 2, 3);
    return q[0] + q[1];
#elif ADK_VP_LANES == 4
    typedef double half __attribute__((ext_vector_type(2)));
    const half h = __builtin_shufflevector(v, v, 0, 1) + __builtin_shufflevector(v, v, 2, 3);
    return h[0] + h[1];
#else
    return v[0] + v[1];
#endif
}

/// y[i*incy] = alpha * sum_p mat[i*ld + p] * x[p] + beta * y[i*incy] for i < rows (x contiguous;
/// beta == 0: y is not read). Four rows at a time share each load of x.
static ADK_VP_ATTR void ADK_VP_NAME(rows_dot)(ptrdiff_t rows, ptrdiff_t k, double alpha, const double *mat, ptrdiff_t ld,
                                              const double *x, double beta, double *y, ptrdiff_t incy) {
    typedef ADK_VP_NAME(vector) vec;
    const ptrdiff_t lanes = ADK_VP_LANES, body = k / lanes * lanes;
    ptrdiff_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        vec acc[4] = {0, 0, 0, 0};
        for (ptrdiff_t p = 0; p < body; p += lanes) {
            const vec xv = *(const vec *)(x + p);
            for (int r = 0; r < 4; ++r) acc[r] += *(const vec *)(mat + (i + r) * ld + p) * xv;
        }
        for (int r = 0; r < 4; ++r) {
            double sum = ADK_VP_NAME(lane_sum)(acc[r]);
            for (ptrdiff_t p = body; p < k; ++p) sum += mat[(i + r) * ld + p] * x[p];
            double *out = y + (i + r) * incy;
            *out = beta == 0 ? alpha * sum : alpha * sum + beta * *out;
        }
    }
    for (; i < rows; ++i) {
        vec acc = 0;
        for (ptrdiff_t p = 0; p < body; p += lanes) acc += *(const vec *)(mat + i * ld + p) * *(const vec *)(x + p);
        double sum = ADK_VP_NAME(lane_sum)(acc);
        for (ptrdiff_t p = body; p < k; ++p) sum += mat[i * ld + p] * x[p];
        double *out = y + i * incy;
        *out = beta == 0 ? alpha * sum : alpha * sum + beta * *out;
    }
}

/// rows_dot for two vectors at once: y0 from x0 and y1 from x1, each entry the same sum in the
/// same order as rows_dot gives it (so equal to it bit for bit), the matrix read once for both.
static ADK_VP_ATTR void ADK_VP_NAME(rows_dot2)(ptrdiff_t rows, ptrdiff_t k, double alpha, const double *mat,
                                               ptrdiff_t ld, const double *x0, const double *x1, double beta,
                                               double *y0, double *y1, ptrdiff_t incy) {
    typedef ADK_VP_NAME(vector) vec;
    const ptrdiff_t lanes = ADK_VP_LANES, body = k / lanes * lanes;
    const double *x[2] = {x0, x1};
    double *y[2] = {y0, y1};
    ptrdiff_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        vec acc[2][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
        for (ptrdiff_t p = 0; p < body; p += lanes) {
            const vec v0 = *(const vec *)(x0 + p), v1 = *(const vec *)(x1 + p);
            for (int r = 0; r < 4; ++r) {
                const vec row = *(const vec *)(mat + (i + r) * ld + p);
                acc[0][r] += row * v0;
                acc[1][r] += row * v1;
            }
        }
        for (int v = 0; v < 2; ++v) {
            for (int r = 0; r < 4; ++r) {
                double sum = ADK_VP_NAME(lane_sum)(acc[v][r]);
                for (ptrdiff_t p = body; p < k; ++p) sum += mat[(i + r) * ld + p] * x[v][p];
                double *out = y[v] + (i + r) * incy;
                *out = beta == 0 ? alpha * sum : alpha * sum + beta * *out;
            }
        }
    }
    for (; i < rows; ++i) {
        for (int v = 0; v < 2; ++v) {
            vec acc = 0;
            for (ptrdiff_t p = 0; p < body; p += lanes) acc += *(const vec *)(mat + i * ld + p) * *(const vec *)(x[v] + p);
            double sum = ADK_VP_NAME(lane_sum)(acc);
            for (ptrdiff_t p = body; p < k; ++p) sum += mat[i * ld + p] * x[v][p];
            double *out = y[v] + i * incy;
            *out = beta == 0 ? alpha * sum : alpha * sum + beta * *out;
        }
    }
}

/// y[j*incy] = alpha * sum_p x[p*incx] * mat[p*ld + j] + beta * y[j*incy] for j < columns
/// (beta == 0: y is not read). The sums build up in `work` (columns doubles) four rows of the
/// matrix at a time, each row read in order (whole rows keep the hardware prefetcher busy);
/// each sum still adds its terms in the order of p.
static ADK_VP_ATTR void ADK_VP_NAME(columns_axpy)(ptrdiff_t columns, ptrdiff_t k, double alpha, const double *mat,
                                                  ptrdiff_t ld, const double *x, ptrdiff_t incx, double beta, double *y,
                                                  ptrdiff_t incy, double *work) {
    typedef ADK_VP_NAME(vector) vec;
    const ptrdiff_t lanes = ADK_VP_LANES, body = columns / lanes * lanes;
    for (ptrdiff_t j = 0; j < columns; ++j) work[j] = 0;
    ptrdiff_t p = 0;
    for (; p + 4 <= k; p += 4) {
        const double *r0 = mat + p * ld, *r1 = r0 + ld, *r2 = r1 + ld, *r3 = r2 + ld;
        const double x0 = x[p * incx], x1 = x[(p + 1) * incx], x2 = x[(p + 2) * incx], x3 = x[(p + 3) * incx];
        const vec v0 = x0, v1 = x1, v2 = x2, v3 = x3;
        for (ptrdiff_t j = 0; j < body; j += lanes) {
            vec acc = *(vec *)(work + j);
            acc += v0 * *(const vec *)(r0 + j);
            acc += v1 * *(const vec *)(r1 + j);
            acc += v2 * *(const vec *)(r2 + j);
            acc += v3 * *(const vec *)(r3 + j);
            *(vec *)(work + j) = acc;
        }
        for (ptrdiff_t j = body; j < columns; ++j) {
            double acc = work[j];
            acc += x0 * r0[j];
            acc += x1 * r1[j];
            acc += x2 * r2[j];
            acc += x3 * r3[j];
            work[j] = acc;
        }
    }
    for (; p < k; ++p) {
        const double *row = mat + p * ld, s = x[p * incx];
        for (ptrdiff_t j = 0; j < columns; ++j) work[j] += s * row[j];
    }
    for (ptrdiff_t j = 0; j < columns; ++j) {
        double *out = y + j * incy;
        *out = beta == 0 ? alpha * work[j] : alpha * work[j] + beta * *out;
    }
}
