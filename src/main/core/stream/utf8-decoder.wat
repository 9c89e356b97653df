;; UTF-8 → UTF-16 for bytes already known to be valid UTF-8 (see utf8-decoder.ts).
;;
;; decode(src, len, dst) reads the bytes [src, src + len) of this module's memory and writes
;; their UTF-16 code units from dst on; it returns how many units it wrote (at most len).
;; Sixteen ASCII bytes at a time are widened with SIMD; any other byte starts one character of
;; 2, 3 or 4 bytes (4 make a surrogate pair). No byte is validated: the caller checked them.
;; Built into utf8-decoder-wasm.ts by scripts/build-wasm.js.
(module
  (memory (export "memory") 1)
  (func (export "decode") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $end i32) (local $out i32) (local $lead i32) (local $codePoint i32) (local $block v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $out (local.get $dst))
    (block $done
      (loop $character
        ;; Blocks of 16 ASCII bytes, while they last.
        (block $notAscii
          (loop $asciiBlock
            (br_if $notAscii (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
            (local.set $block (v128.load (local.get $src)))
            (br_if $notAscii (i8x16.bitmask (local.get $block)))
            (v128.store (local.get $out) (i16x8.extend_low_i8x16_u (local.get $block)))
            (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_u (local.get $block)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (br $asciiBlock)))
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $lead (i32.load8_u (local.get $src)))
        ;; One ASCII byte.
        (if (i32.lt_u (local.get $lead) (i32.const 0x80))
          (then
            (i32.store16 (local.get $out) (local.get $lead))
            (local.set $src (i32.add (local.get $src) (i32.const 1)))
            (local.set $out (i32.add (local.get $out) (i32.const 2)))
            (br $character)))
        ;; Two bytes: 110xxxxx 10xxxxxx.
        (if (i32.lt_u (local.get $lead) (i32.const 0xe0))
          (then
            (i32.store16 (local.get $out)
              (i32.or
                (i32.shl (i32.and (local.get $lead) (i32.const 0x1f)) (i32.const 6))
                (i32.and (i32.load8_u offset=1 (local.get $src)) (i32.const 0x3f))))
            (local.set $src (i32.add (local.get $src) (i32.const 2)))
            (local.set $out (i32.add (local.get $out) (i32.const 2)))
            (br $character)))
        ;; Three bytes: 1110xxxx 10xxxxxx 10xxxxxx.
        (if (i32.lt_u (local.get $lead) (i32.const 0xf0))
          (then
            (i32.store16 (local.get $out)
              (i32.or
                (i32.or
                  (i32.shl (i32.and (local.get $lead) (i32.const 0x0f)) (i32.const 12))
                  (i32.shl (i32.and (i32.load8_u offset=1 (local.get $src)) (i32.const 0x3f)) (i32.const 6)))
                (i32.and (i32.load8_u offset=2 (local.get $src)) (i32.const 0x3f))))
            (local.set $src (i32.add (local.get $src) (i32.const 3)))
            (local.set $out (i32.add (local.get $out) (i32.const 2)))
            (br $character)))
        ;; Four bytes: 11110xxx 10xxxxxx 10xxxxxx 10xxxxxx, a code point past U+FFFF, written as
        ;; a surrogate pair.
        (local.set $codePoint
          (i32.sub
            (i32.or
              (i32.or
                (i32.shl (i32.and (local.get $lead) (i32.const 0x07)) (i32.const 18))
                (i32.shl (i32.and (i32.load8_u offset=1 (local.get $src)) (i32.const 0x3f)) (i32.const 12)))
              (i32.or
                (i32.shl (i32.and (i32.load8_u offset=2 (local.get $src)) (i32.const 0x3f)) (i32.const 6))
                (i32.and (i32.load8_u offset=3 (local.get $src)) (i32.const 0x3f))))
            (i32.const 0x10000)))
        (i32.store16 (local.get $out) (i32.add (i32.const 0xd800) (i32.shr_u (local.get $codePoint) (i32.const 10))))
        (i32.store16 offset=2 (local.get $out) (i32.add (i32.const 0xdc00) (i32.and (local.get $codePoint) (i32.const 0x3ff))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $character)))
    (i32.shr_u (i32.sub (local.get $out) (local.get $dst)) (i32.const 1)))
)
