;; Reads a run of complete lines (see run-reader.ts) at native speed: UTF-8 → UTF-16 decoding, and
;; the match of a delta line in Claude Code's exact shape (see delta-line.ts).
;;
;; Memory (13 pages; the offsets are exported, run-reader.ts reads them from here):
;;   [0, 256 KB)          the run, copied in by the caller; its bytes are valid UTF-8
;;   [256 KB, 768 KB)     UTF-16 code units written by decode and delta (two bytes per byte at most)
;;   [768 KB, +64)        slack: a block store may write up to 32 bytes past the last unit
;;   [768 KB + 64, +56)   the fields of the last delta match, fourteen i32 (see `delta`)
;;   [768 KB + 128, …)    the delta line's literal parts, one per 128-byte slot (data below)
;;   [768 KB + 1536, …)   the ids the last matched line had: three slots of 128 bytes, each an
;;                        i32 length (-1: none) and up to 120 bytes
;;
;; Blocks of 16 bytes are read with SIMD and may read up to 15 bytes past a range (still inside
;; memory); only the bytes inside the range are counted. No byte is validated as UTF-8: the
;; caller checked the run. Built into run-reader-wasm.ts by scripts/build-run-reader.js.
(module
  (memory (export "memory") 13)
  (global (export "runCapacity") i32 (i32.const 262144))
  (global $unitsAt (export "unitsAt") i32 (i32.const 262144))
  (global $fieldsAt (export "fieldsAt") i32 (i32.const 786496))

  ;; The literal parts of a delta line, and their lengths.
  (data (i32.const 786560) "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":") ;; 69
  (data (i32.const 786688) ",\"delta\":{\"type\":\"")            ;; 18
  (data (i32.const 786816) "text_delta\",\"text\":\"")          ;; 20, kind 0
  (data (i32.const 786944) "thinking_delta\",\"thinking\":\"")  ;; 28, kind 1
  (data (i32.const 787072) "input_json_delta\",\"partial_json\":\"") ;; 34, kind 2
  (data (i32.const 787200) "\"}},\"session_id\":\"")            ;; 18
  (data (i32.const 787328) "\",\"parent_tool_use_id\":")        ;; 23
  (data (i32.const 787456) "null")                              ;; 4
  (data (i32.const 787584) ",\"uuid\":\"")                      ;; 9
  (data (i32.const 787712) "\",\"api_message_id\":\"")          ;; 20
  (data (i32.const 787840) "\"}")                               ;; 2
  ;; The remembered ids' slots (session_id, parent_tool_use_id, api_message_id) start empty.
  (data (i32.const 787968) "\ff\ff\ff\ff")
  (data (i32.const 788096) "\ff\ff\ff\ff")
  (data (i32.const 788224) "\ff\ff\ff\ff")

  ;; decode(src, len): the UTF-16 of [src, src + len) written at unitsAt; returns the unit count
  ;; (equal to len exactly when every byte is ASCII).
  (func (export "decode") (param $src i32) (param $len i32) (result i32)
    (local $end i32) (local $out i32) (local $block v128) (local $ascii i32) (local $bytes i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $out (global.get $unitsAt))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        ;; Widen sixteen bytes as if ASCII; the ASCII ones before the first other byte count.
        (local.set $block (v128.load (local.get $src)))
        (v128.store (local.get $out) (i16x8.extend_low_i8x16_u (local.get $block)))
        (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_u (local.get $block)))
        (local.set $ascii (i32.ctz (i32.or (i8x16.bitmask (local.get $block)) (i32.const 0x10000))))
        (if (i32.gt_u (local.get $ascii) (i32.sub (local.get $end) (local.get $src)))
          (then (local.set $ascii (i32.sub (local.get $end) (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $ascii)))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $ascii) (i32.const 1))))
        (br_if $next (i32.eq (local.get $ascii) (i32.const 16)))
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        ;; The byte at src starts a character of 2, 3 or 4 bytes.
        (local.set $bytes (call $widenCharacter (local.get $src) (local.get $out)))
        (local.set $src (i32.add (local.get $src) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (select (i32.const 4) (i32.const 2) (i32.eq (local.get $bytes) (i32.const 4)))))
        (br $next)))
    (i32.shr_u (i32.sub (local.get $out) (global.get $unitsAt)) (i32.const 1)))

  ;; delta(start, end): 1 when the line [start, end) is a delta line in the exact shape
  ;; delta-line.ts documents, with its fields stored at fieldsAt; 0 when it is not (declined).
  ;; Fields: index, kind (0 text, 1 thinking, 2 input_json), the text's start and end, its unit
  ;; count at unitsAt (-1 when the text has escapes: units not written), then start and end of
  ;; session_id, parent_tool_use_id (-1, -1 for null), uuid and api_message_id (-1, -1 if absent),
  ;; and which of session_id (1), parent_tool_use_id (2) and api_message_id (4) are the same bytes
  ;; as in the last line matched (the module remembers them; a declined line changes nothing).
  (func (export "delta") (param $start i32) (param $end i32) (result i32)
    (local $pos i32) (local $next i32) (local $byte i32) (local $index i32) (local $digits i32)
    (local $kind i32) (local $textStart i32) (local $out i32) (local $block v128) (local $plain i32)
    (local $escaped i32) (local $bytes i32) (local $idEnd i32)
    (local.set $pos (call $literal (local.get $start) (local.get $end) (i32.const 786560) (i32.const 69)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))

    ;; The index: 0, or up to nine digits without a leading zero (a tenth digit fails the next literal).
    (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const 0))))
    (local.set $byte (i32.sub (i32.load8_u (local.get $pos)) (i32.const 0x30)))
    (if (i32.gt_u (local.get $byte) (i32.const 9)) (then (return (i32.const 0))))
    (local.set $index (local.get $byte))
    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
    (if (local.get $index)
      (then
        (local.set $digits (i32.const 1))
        (block $lastDigit
          (loop $digit
            (br_if $lastDigit (i32.ge_u (local.get $digits) (i32.const 9)))
            (br_if $lastDigit (i32.ge_u (local.get $pos) (local.get $end)))
            (local.set $byte (i32.sub (i32.load8_u (local.get $pos)) (i32.const 0x30)))
            (br_if $lastDigit (i32.gt_u (local.get $byte) (i32.const 9)))
            (local.set $index (i32.add (i32.mul (local.get $index) (i32.const 10)) (local.get $byte)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
            (br $digit)))))

    (local.set $pos (call $literal (local.get $pos) (local.get $end) (i32.const 786688) (i32.const 18)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))

    ;; The kind of delta, up to the text's opening quote.
    (local.set $kind (i32.const 0))
    (local.set $next (call $literal (local.get $pos) (local.get $end) (i32.const 786816) (i32.const 20)))
    (if (i32.lt_s (local.get $next) (i32.const 0))
      (then
        (local.set $kind (i32.const 1))
        (local.set $next (call $literal (local.get $pos) (local.get $end) (i32.const 786944) (i32.const 28)))))
    (if (i32.lt_s (local.get $next) (i32.const 0))
      (then
        (local.set $kind (i32.const 2))
        (local.set $next (call $literal (local.get $pos) (local.get $end) (i32.const 787072) (i32.const 34)))))
    (if (i32.lt_s (local.get $next) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $pos (local.get $next))

    ;; The text, up to its closing quote, decoded as it is scanned. Plain ASCII goes sixteen bytes
    ;; at a time; stopping bytes are `"`, `\`, control characters (JSON rejects them raw: decline)
    ;; and bytes over 0x7f (a multibyte character). An escape is checked and skipped: the text is
    ;; then left to JSON.parse by the caller, and its units here mean nothing.
    (local.set $textStart (local.get $pos))
    (local.set $out (global.get $unitsAt))
    (local.set $escaped (i32.const 0))
    (block $closed
      (loop $text
        (local.set $block (v128.load (local.get $pos)))
        (v128.store (local.get $out) (i16x8.extend_low_i8x16_u (local.get $block)))
        (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_u (local.get $block)))
        (local.set $plain
          (i32.ctz
            (i32.or
              (i8x16.bitmask
                (v128.or
                  (i8x16.lt_s (local.get $block) (i8x16.splat (i32.const 0x20)))
                  (v128.or
                    (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x22)))
                    (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x5c))))))
              (i32.const 0x10000))))
        (local.set $pos (i32.add (local.get $pos) (local.get $plain)))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $plain) (i32.const 1))))
        ;; The closing quote must come before the line's end.
        (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const 0))))
        (br_if $text (i32.eq (local.get $plain) (i32.const 16)))
        (local.set $byte (i32.load8_u (local.get $pos)))
        (br_if $closed (i32.eq (local.get $byte) (i32.const 0x22)))
        (if (i32.eq (local.get $byte) (i32.const 0x5c))
          (then
            (if (i32.eqz (call $isEscapeLetter (i32.load8_u offset=1 (local.get $pos)))) (then (return (i32.const 0))))
            (local.set $escaped (i32.const 1))
            (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (br $text)))
        (if (i32.lt_u (local.get $byte) (i32.const 0x20)) (then (return (i32.const 0))))
        (local.set $bytes (call $widenCharacter (local.get $pos) (local.get $out)))
        (local.set $pos (i32.add (local.get $pos) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (select (i32.const 4) (i32.const 2) (i32.eq (local.get $bytes) (i32.const 4)))))
        (br $text)))
    (i32.store offset=0 (global.get $fieldsAt) (local.get $index))
    (i32.store offset=4 (global.get $fieldsAt) (local.get $kind))
    (i32.store offset=8 (global.get $fieldsAt) (local.get $textStart))
    (i32.store offset=12 (global.get $fieldsAt) (local.get $pos))
    (i32.store offset=16 (global.get $fieldsAt)
      (select (i32.const -1) (i32.shr_u (i32.sub (local.get $out) (global.get $unitsAt)) (i32.const 1)) (local.get $escaped)))

    ;; session_id.
    (local.set $pos (call $literal (local.get $pos) (local.get $end) (i32.const 787200) (i32.const 18)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $idEnd (call $plainId (local.get $pos) (local.get $end)))
    (if (i32.lt_s (local.get $idEnd) (i32.const 0)) (then (return (i32.const 0))))
    (i32.store offset=20 (global.get $fieldsAt) (local.get $pos))
    (i32.store offset=24 (global.get $fieldsAt) (local.get $idEnd))

    ;; parent_tool_use_id: null or an id.
    (local.set $pos (call $literal (local.get $idEnd) (local.get $end) (i32.const 787328) (i32.const 23)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $next (call $literal (local.get $pos) (local.get $end) (i32.const 787456) (i32.const 4)))
    (if (i32.ge_s (local.get $next) (i32.const 0))
      (then
        (i32.store offset=28 (global.get $fieldsAt) (i32.const -1))
        (i32.store offset=32 (global.get $fieldsAt) (i32.const -1))
        (local.set $pos (local.get $next)))
      (else
        (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u (local.get $pos)) (i32.const 0x22)) (then (return (i32.const 0))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (local.set $idEnd (call $plainId (local.get $pos) (local.get $end)))
        (if (i32.lt_s (local.get $idEnd) (i32.const 0)) (then (return (i32.const 0))))
        (i32.store offset=28 (global.get $fieldsAt) (local.get $pos))
        (i32.store offset=32 (global.get $fieldsAt) (local.get $idEnd))
        (local.set $pos (i32.add (local.get $idEnd) (i32.const 1)))))

    ;; uuid.
    (local.set $pos (call $literal (local.get $pos) (local.get $end) (i32.const 787584) (i32.const 9)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $idEnd (call $plainId (local.get $pos) (local.get $end)))
    (if (i32.lt_s (local.get $idEnd) (i32.const 0)) (then (return (i32.const 0))))
    (i32.store offset=36 (global.get $fieldsAt) (local.get $pos))
    (i32.store offset=40 (global.get $fieldsAt) (local.get $idEnd))

    ;; The line ends here (`"}`), or after an api_message_id.
    (if (i32.eq (call $literal (local.get $idEnd) (local.get $end) (i32.const 787840) (i32.const 2)) (local.get $end))
      (then
        (i32.store offset=44 (global.get $fieldsAt) (i32.const -1))
        (i32.store offset=48 (global.get $fieldsAt) (i32.const -1))
        (call $rememberIds)
        (return (i32.const 1))))
    (local.set $pos (call $literal (local.get $idEnd) (local.get $end) (i32.const 787712) (i32.const 20)))
    (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $idEnd (call $plainId (local.get $pos) (local.get $end)))
    (if (i32.lt_s (local.get $idEnd) (i32.const 0)) (then (return (i32.const 0))))
    (i32.store offset=44 (global.get $fieldsAt) (local.get $pos))
    (i32.store offset=48 (global.get $fieldsAt) (local.get $idEnd))
    (if (i32.ne (call $literal (local.get $idEnd) (local.get $end) (i32.const 787840) (i32.const 2)) (local.get $end))
      (then (return (i32.const 0))))
    (call $rememberIds)
    (i32.const 1))

  ;; $rememberIds(): compares the matched line's session_id, parent_tool_use_id and api_message_id
  ;; with the last matched line's, stores which are the same (field 13), and remembers the others.
  (func $rememberIds
    (local $same i32)
    (local.set $same
      (call $remember (i32.const 787968) (i32.load offset=20 (global.get $fieldsAt)) (i32.load offset=24 (global.get $fieldsAt))))
    (if (i32.ge_s (i32.load offset=28 (global.get $fieldsAt)) (i32.const 0))
      (then
        (local.set $same
          (i32.or (local.get $same)
            (i32.shl
              (call $remember (i32.const 788096) (i32.load offset=28 (global.get $fieldsAt)) (i32.load offset=32 (global.get $fieldsAt)))
              (i32.const 1))))))
    (if (i32.ge_s (i32.load offset=44 (global.get $fieldsAt)) (i32.const 0))
      (then
        (local.set $same
          (i32.or (local.get $same)
            (i32.shl
              (call $remember (i32.const 788224) (i32.load offset=44 (global.get $fieldsAt)) (i32.load offset=48 (global.get $fieldsAt)))
              (i32.const 2))))))
    (i32.store offset=52 (global.get $fieldsAt) (local.get $same)))

  ;; $remember(slot, start, end): 1 when the id [start, end) has the bytes the slot holds; else the
  ;; slot takes them (or, over 120 bytes, holds none) and 0.
  (func $remember (param $slot i32) (param $start i32) (param $end i32) (result i32)
    (local $length i32)
    (local.set $length (i32.sub (local.get $end) (local.get $start)))
    (if (i32.eq (i32.load (local.get $slot)) (local.get $length))
      (then
        (if (i32.eq (call $literal (local.get $start) (local.get $end) (i32.add (local.get $slot) (i32.const 8)) (local.get $length)) (local.get $end))
          (then (return (i32.const 1))))))
    (if (i32.gt_u (local.get $length) (i32.const 120))
      (then
        (i32.store (local.get $slot) (i32.const -1))
        (return (i32.const 0))))
    (memory.copy (i32.add (local.get $slot) (i32.const 8)) (local.get $start) (local.get $length))
    (i32.store (local.get $slot) (local.get $length))
    (i32.const 0))

  ;; $literal(pos, end, at, len): pos + len when [pos, pos + len) holds the len bytes at `at` and
  ;; ends by `end`; -1 otherwise. Eight bytes at a time, then byte by byte.
  (func $literal (param $pos i32) (param $end i32) (param $at i32) (param $len i32) (result i32)
    (local $i i32)
    (if (i32.gt_s (i32.add (local.get $pos) (local.get $len)) (local.get $end)) (then (return (i32.const -1))))
    (block $bytes
      (loop $words
        (br_if $bytes (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $len)))
        (if (i64.ne (i64.load (i32.add (local.get $pos) (local.get $i))) (i64.load (i32.add (local.get $at) (local.get $i))))
          (then (return (i32.const -1))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))
    (block $same
      (loop $byte
        (br_if $same (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $pos) (local.get $i))) (i32.load8_u (i32.add (local.get $at) (local.get $i))))
          (then (return (i32.const -1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (i32.add (local.get $pos) (local.get $len)))

  ;; $plainId(pos, end): where the closing quote of an id starting at pos is, when every byte
  ;; before it is printable ASCII other than `"` and `\` (nothing to unescape or decode); -1 otherwise.
  (func $plainId (param $pos i32) (param $end i32) (result i32)
    (local $block v128) (local $plain i32)
    (loop $block16
      (local.set $block (v128.load (local.get $pos)))
      (local.set $plain
        (i32.ctz
          (i32.or
            (i8x16.bitmask
              (v128.or
                (v128.or
                  (i8x16.lt_s (local.get $block) (i8x16.splat (i32.const 0x20)))
                  (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x7f))))
                (v128.or
                  (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x22)))
                  (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x5c))))))
            (i32.const 0x10000))))
      (local.set $pos (i32.add (local.get $pos) (local.get $plain)))
      (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const -1))))
      (br_if $block16 (i32.eq (local.get $plain) (i32.const 16))))
    (select (local.get $pos) (i32.const -1) (i32.eq (i32.load8_u (local.get $pos)) (i32.const 0x22))))

  ;; $isEscapeLetter(byte): whether `\` followed by byte may be a JSON escape (`"\/bfnrtu`).
  (func $isEscapeLetter (param $byte i32) (result i32)
    (i32.or
      (i32.or
        (i32.or (i32.eq (local.get $byte) (i32.const 0x22)) (i32.eq (local.get $byte) (i32.const 0x5c)))
        (i32.or (i32.eq (local.get $byte) (i32.const 0x2f)) (i32.eq (local.get $byte) (i32.const 0x62))))
      (i32.or
        (i32.or (i32.eq (local.get $byte) (i32.const 0x66)) (i32.eq (local.get $byte) (i32.const 0x6e)))
        (i32.or
          (i32.or (i32.eq (local.get $byte) (i32.const 0x72)) (i32.eq (local.get $byte) (i32.const 0x74)))
          (i32.eq (local.get $byte) (i32.const 0x75))))))

  ;; $widenCharacter(src, out): writes the character of 2, 3 or 4 bytes at src as UTF-16 at out
  ;; (4 bytes: a code point past U+FFFF, a surrogate pair); returns its length in bytes.
  (func $widenCharacter (param $src i32) (param $out i32) (result i32)
    (local $lead i32) (local $codePoint i32)
    (local.set $lead (i32.load8_u (local.get $src)))
    ;; Two bytes: 110xxxxx 10xxxxxx.
    (if (i32.lt_u (local.get $lead) (i32.const 0xe0))
      (then
        (i32.store16 (local.get $out)
          (i32.or
            (i32.shl (i32.and (local.get $lead) (i32.const 0x1f)) (i32.const 6))
            (i32.and (i32.load8_u offset=1 (local.get $src)) (i32.const 0x3f))))
        (return (i32.const 2))))
    ;; Three bytes: 1110xxxx 10xxxxxx 10xxxxxx.
    (if (i32.lt_u (local.get $lead) (i32.const 0xf0))
      (then
        (i32.store16 (local.get $out)
          (i32.or
            (i32.or
              (i32.shl (i32.and (local.get $lead) (i32.const 0x0f)) (i32.const 12))
              (i32.shl (i32.and (i32.load8_u offset=1 (local.get $src)) (i32.const 0x3f)) (i32.const 6)))
            (i32.and (i32.load8_u offset=2 (local.get $src)) (i32.const 0x3f))))
        (return (i32.const 3))))
    ;; Four bytes: 11110xxx 10xxxxxx 10xxxxxx 10xxxxxx.
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
    (i32.const 4))
)
