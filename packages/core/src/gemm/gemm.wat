;; Single-precision matrix-product kernels of descent's cpu backend (WebAssembly SIMD).
;;
;; The design is GotoBLAS's: the driver (gemmDriver.ts) cuts op(A) into blocks of MC x KC and
;; op(B) into blocks of KC x NC, packs each block (packA, packB) into the order the
;; micro-kernel reads, and calls `macro` on each pair. Packing handles every transpose and
;; every ragged edge (zero padding), so there is one micro-kernel for all cases:
;; a 4 x 8 tile of C held in eight 4-lane registers, updated per step of k by
;;   two vector loads of B (8 columns), four splat loads of A (4 rows), eight multiply-adds.
;;
;; All pointers and strides are byte offsets into the imported memory.
;; The build (scripts/build-gemm.mjs) assembles this file twice: as written, with relaxed
;; SIMD's fused `f32x4.relaxed_madd`, and with each `(f32x4.relaxed_madd a b c)` rewritten
;; to `(f32x4.add (f32x4.mul a b) c)` for engines without relaxed SIMD; and for a shared
;; memory (threads) and an unshared one.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; packA(src, rs, cs, mc, kc, dst): op(A)[i, p] is at src + i rs + p cs, i < mc, p < kc.
  ;; Writes strips of 4 rows, k-major: dst[((i / 4) kc + p) 4 + i % 4]; rows past mc are 0.
  (func (export "packA") (param $src i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $r i32) (local $p i32) (local $at i32) (local $to i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (block $strips_done
      (loop $strips
        (br_if $strips_done (i32.ge_u (local.get $i) (local.get $mc)))
        (local.set $p (i32.const 0))
        (if (i32.and (i32.eq (local.get $rs) (i32.const 4)) (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $mc)))
          (then
            ;; A transposed: the strip's 4 values at each p are adjacent, one vector copy per p.
            (local.set $at (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
            (block $done
              (loop $copy
                (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                (v128.store (local.get $dst) (v128.load (local.get $at)))
                (local.set $at (i32.add (local.get $at) (local.get $cs)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $copy))))
          (else
            (if (i32.and (i32.eq (local.get $cs) (i32.const 4)) (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $mc)))
              (then
                ;; A not transposed, a full strip: blocks of 4 x 4, four row loads transposed by shuffles.
                (local.set $at (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rs))))
                (block $done
                  (loop $blocks
                    (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                    (local.set $r0 (v128.load (local.get $at)))
                    (local.set $r1 (v128.load (i32.add (local.get $at) (local.get $rs))))
                    (local.set $r2 (v128.load (i32.add (local.get $at) (i32.shl (local.get $rs) (i32.const 1)))))
                    (local.set $r3 (v128.load (i32.add (local.get $at) (i32.mul (local.get $rs) (i32.const 3)))))
                    ;; rows a b c d: t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
                    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                    ;; column p + q of the strip: a_q b_q c_q d_q
                    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                    (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                    (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                    (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                    (local.set $at (i32.add (local.get $at) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $blocks)))
                ;; The last kc % 4 columns: four scalars each.
                (block $done
                  (loop $rest
                    (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                    (f32.store (local.get $dst) (f32.load (local.get $at)))
                    (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $at) (local.get $rs))))
                    (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $at) (i32.shl (local.get $rs) (i32.const 1)))))
                    (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $at) (i32.mul (local.get $rs) (i32.const 3)))))
                    (local.set $at (i32.add (local.get $at) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $rest))))
              (else
                ;; Any strides, or a ragged strip: one row at a time, every 4th float; rows past mc are 0.
                (local.set $r (i32.const 0))
                (block $rows_done
                  (loop $rows
                    (br_if $rows_done (i32.ge_u (local.get $r) (i32.const 4)))
                    (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
                    (local.set $p (i32.const 0))
                    (if (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $mc))
                      (then
                        (local.set $at (i32.add (local.get $src) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rs))))
                        (block $done
                          (loop $gather
                            (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                            (f32.store (local.get $to) (f32.load (local.get $at)))
                            (local.set $at (i32.add (local.get $at) (local.get $cs)))
                            (local.set $to (i32.add (local.get $to) (i32.const 16)))
                            (local.set $p (i32.add (local.get $p) (i32.const 1)))
                            (br $gather))))
                      (else
                        (block $done
                          (loop $zero
                            (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                            (f32.store (local.get $to) (f32.const 0))
                            (local.set $to (i32.add (local.get $to) (i32.const 16)))
                            (local.set $p (i32.add (local.get $p) (i32.const 1)))
                            (br $zero)))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rows)))
                (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 4))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $strips))))

  ;; packB(src, rs, cs, kc, nc, dst): op(B)[p, j] is at src + p rs + j cs, p < kc, j < nc.
  ;; Writes panels of 8 columns, k-major: dst[((j / 8) kc + p) 8 + j % 8]; columns past nc are 0.
  (func (export "packB") (param $src i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j i32) (local $c i32) (local $p i32) (local $at i32) (local $to i32)
    (block $panels_done
      (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $j) (local.get $nc)))
        (if (i32.and (i32.eq (local.get $cs) (i32.const 4)) (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $nc)))
          (then
            ;; B not transposed: the panel's 8 values at each p are adjacent, two vector copies per p.
            (local.set $at (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (i32.const 0))
            (block $done
              (loop $copy
                (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                (v128.store (local.get $dst) (v128.load (local.get $at)))
                (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $at)))
                (local.set $at (i32.add (local.get $at) (local.get $rs)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $copy))))
          (else
            ;; One column at a time, every 8th float of the panel; columns past nc are zeros.
            (local.set $c (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $c) (i32.const 8)))
                (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
                (local.set $p (i32.const 0))
                (if (i32.lt_u (i32.add (local.get $j) (local.get $c)) (local.get $nc))
                  (then
                    (local.set $at (i32.add (local.get $src) (i32.mul (i32.add (local.get $j) (local.get $c)) (local.get $cs))))
                    (block $done
                      (loop $gather
                        (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                        (f32.store (local.get $to) (f32.load (local.get $at)))
                        (local.set $at (i32.add (local.get $at) (local.get $rs)))
                        (local.set $to (i32.add (local.get $to) (i32.const 32)))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (br $gather))))
                  (else
                    (block $done
                      (loop $zero
                        (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
                        (f32.store (local.get $to) (f32.const 0))
                        (local.set $to (i32.add (local.get $to) (i32.const 32)))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (br $zero)))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $cols)))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; One row's half-tile of C: c <- alpha acc + beta c (beta 0: c is not read, so NaN there is overwritten).
  (func $put (param $c i32) (param $acc v128) (param $alpha v128) (param $beta f32)
    (if (f32.eq (local.get $beta) (f32.const 0))
      (then (v128.store (local.get $c) (f32x4.mul (local.get $alpha) (local.get $acc))))
      (else (v128.store (local.get $c)
        (f32x4.add (f32x4.mul (local.get $alpha) (local.get $acc)) (f32x4.mul (f32x4.splat (local.get $beta)) (v128.load (local.get $c))))))))

  ;; macro(mc, nc, kc, ap, bp, c, ldc, alpha, beta, tmp): C[i, j] <- alpha sum_p A[i, p] B[p, j] + beta C[i, j]
  ;; for i < mc, j < nc, from packA's strips at ap and packB's panels at bp; C's rows are ldc
  ;; bytes apart. Ragged tiles go through tmp (32 floats of scratch) and are copied by scalars.
  (func (export "macro") (param $mc i32) (param $nc i32) (param $kc i32) (param $ap i32) (param $bp i32)
                         (param $c i32) (param $ldc i32) (param $alpha f32) (param $beta f32) (param $tmp i32)
    (local $i i32) (local $j i32) (local $p i32) (local $a i32) (local $b i32) (local $ct i32)
    (local $rows i32) (local $cols i32) (local $r i32) (local $q i32) (local $from i32) (local $to i32)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $va v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $va (f32x4.splat (local.get $alpha)))
    (block $panels_done
      (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $j) (local.get $nc)))
        (local.set $i (i32.const 0))
        (block $strips_done
          (loop $strips
            (br_if $strips_done (i32.ge_u (local.get $i) (local.get $mc)))
            ;; The 4 x 8 micro-kernel over p < kc.
            (local.set $a (i32.add (local.get $ap) (i32.mul (local.get $i) (i32.shl (local.get $kc) (i32.const 2)))))
            (local.set $b (i32.add (local.get $bp) (i32.mul (local.get $j) (i32.shl (local.get $kc) (i32.const 2)))))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
            (local.set $p (local.get $kc))
            (block $k_done
              (loop $k
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $b0 (v128.load (local.get $b)))
                (local.set $b1 (v128.load offset=16 (local.get $b)))
                (local.set $x (v128.load32_splat (local.get $a)))
                (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
                (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
                (local.set $x (v128.load32_splat offset=4 (local.get $a)))
                (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
                (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
                (local.set $x (v128.load32_splat offset=8 (local.get $a)))
                (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
                (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
                (local.set $x (v128.load32_splat offset=12 (local.get $a)))
                (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
                (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))
                (local.set $b (i32.add (local.get $b) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $k)))
            (local.set $ct (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 2)))))
            (if (i32.and (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $mc)) (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $nc)))
              (then
                (call $put (local.get $ct) (local.get $c00) (local.get $va) (local.get $beta))
                (call $put (i32.add (local.get $ct) (i32.const 16)) (local.get $c01) (local.get $va) (local.get $beta))
                (local.set $ct (i32.add (local.get $ct) (local.get $ldc)))
                (call $put (local.get $ct) (local.get $c10) (local.get $va) (local.get $beta))
                (call $put (i32.add (local.get $ct) (i32.const 16)) (local.get $c11) (local.get $va) (local.get $beta))
                (local.set $ct (i32.add (local.get $ct) (local.get $ldc)))
                (call $put (local.get $ct) (local.get $c20) (local.get $va) (local.get $beta))
                (call $put (i32.add (local.get $ct) (i32.const 16)) (local.get $c21) (local.get $va) (local.get $beta))
                (local.set $ct (i32.add (local.get $ct) (local.get $ldc)))
                (call $put (local.get $ct) (local.get $c30) (local.get $va) (local.get $beta))
                (call $put (i32.add (local.get $ct) (i32.const 16)) (local.get $c31) (local.get $va) (local.get $beta)))
              (else
                ;; A ragged tile: the accumulators go to tmp (row r at tmp + 32 r), then the valid part to C.
                (v128.store (local.get $tmp) (local.get $c00)) (v128.store offset=16 (local.get $tmp) (local.get $c01))
                (v128.store offset=32 (local.get $tmp) (local.get $c10)) (v128.store offset=48 (local.get $tmp) (local.get $c11))
                (v128.store offset=64 (local.get $tmp) (local.get $c20)) (v128.store offset=80 (local.get $tmp) (local.get $c21))
                (v128.store offset=96 (local.get $tmp) (local.get $c30)) (v128.store offset=112 (local.get $tmp) (local.get $c31))
                (local.set $rows (i32.sub (local.get $mc) (local.get $i)))
                (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
                (local.set $cols (i32.sub (local.get $nc) (local.get $j)))
                (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
                (local.set $r (i32.const 0))
                (block $rows_done
                  (loop $rows_loop
                    (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
                    (local.set $q (i32.const 0))
                    (block $cols_done
                      (loop $cols_loop
                        (br_if $cols_done (i32.ge_u (local.get $q) (local.get $cols)))
                        (local.set $from (i32.add (local.get $tmp) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $q)) (i32.const 2))))
                        (local.set $to (i32.add (i32.add (local.get $ct) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $q) (i32.const 2))))
                        (if (f32.eq (local.get $beta) (f32.const 0))
                          (then (f32.store (local.get $to) (f32.mul (local.get $alpha) (f32.load (local.get $from)))))
                          (else (f32.store (local.get $to)
                            (f32.add (f32.mul (local.get $alpha) (f32.load (local.get $from))) (f32.mul (local.get $beta) (f32.load (local.get $to)))))))
                        (local.set $q (i32.add (local.get $q) (i32.const 1)))
                        (br $cols_loop)))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rows_loop)))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $strips)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; The MLP's elementwise steps, on the same memory as the products (one call each, SIMD
  ;; over 4 columns, a scalar tail), so a training step runs no JavaScript loop over its
  ;; activations. Each gives exactly the float32 result of the plain loop it replaces.

  ;; biasAct(z, bias, rows, cols, relu): z[i, j] <- z[i, j] + bias[j] for i < rows, j < cols,
  ;; then, when relu is not 0, v > 0 ? v : 0 (NaN and -0 give +0, as that expression does).
  (func (export "biasAct") (param $z i32) (param $bias i32) (param $rows i32) (param $cols i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $row i32) (local $cols4 i32) (local $v v128) (local $s f32)
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $row (i32.add (local.get $z) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $vectors_done
          (loop $vectors
            (br_if $vectors_done (i32.ge_u (local.get $j) (local.get $cols4)))
            (local.set $v (f32x4.add
              (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
              (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
            (if (local.get $relu)
              (then (local.set $v (v128.and (local.get $v) (f32x4.gt (local.get $v) (v128.const i32x4 0 0 0 0))))))
            (v128.store (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))) (local.get $v))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vectors)))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $s (f32.add
              (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
              (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
            (if (local.get $relu)
              (then (local.set $s (select (local.get $s) (f32.const 0) (f32.gt (local.get $s) (f32.const 0))))))
            (f32.store (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; reluBackward(g, a, count): g[i] <- a[i] > 0 ? g[i] : 0 for i < count (torch's ReLU derivative, 0 at 0).
  (func (export "reluBackward") (param $g i32) (param $a i32) (param $count i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $g) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $g) (local.get $end4)))
        (v128.store (local.get $g)
          (v128.and (v128.load (local.get $g)) (f32x4.gt (v128.load (local.get $a)) (v128.const i32x4 0 0 0 0))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $g) (local.get $end)))
        (if (i32.eqz (f32.gt (f32.load (local.get $a)) (f32.const 0)))
          (then (f32.store (local.get $g) (f32.const 0))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $tail))))

  ;; sumRows(out, x, rows, cols): out[j] <- sum_i x[i, j], added row after row in float32 (the
  ;; order of the plain loop `out[j] += x[i, j]` from out[j] = 0, so the same bits).
  (func (export "sumRows") (param $out i32) (param $x i32) (param $rows i32) (param $cols i32)
    (local $i i32) (local $j i32) (local $at i32) (local $ld i32) (local $cols4 i32) (local $acc v128) (local $s f32)
    (local.set $ld (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $j) (local.get $cols4)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $at (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $down_done
          (loop $down
            (br_if $down_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $ld)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $down)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $s (f32.const 0))
        (local.set $at (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $down_done
          (loop $down
            (br_if $down_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $s (f32.add (local.get $s) (f32.load (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $ld)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $down)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail))))
)
