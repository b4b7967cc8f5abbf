package org.w2sg.weights;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code data.pkl} of a torch.save archive without running anything. It implements the binary opcodes of
 * pickle protocols 2 to 5 that a state dict uses, and accepts exactly the globals a state dict needs:
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter}
 * and the {@code torch.*Storage} classes. Any other global (the way a malicious pickle reaches {@code os.system}) is
 * refused by name. Storages arrive as persistent ids {@code ('storage', StorageType, key, location, numel)}; the
 * result is a map from tensor name to {@link TensorRef}, which says where the tensor's elements lie, not what they are.
 */
final class RestrictedUnpickler {
    /** Where one storage's bytes live in the archive ({@code <root>/data/<key>}) and how many elements it has. */
    record StorageRef(DType dtype, String key, long numel) {}

    /** A tensor as torch rebuilds it: a strided view (element offset, sizes, strides) of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    record Tuple(List<Object> items) {}

    private enum Callable { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

    private record StorageType(DType dtype) {}

    private static final Map<String, Object> ALLOWED = new HashMap<>();

    static {
        ALLOWED.put("collections.OrderedDict", Callable.ORDERED_DICT);
        ALLOWED.put("torch._utils._rebuild_tensor_v2", Callable.REBUILD_TENSOR_V2);
        ALLOWED.put("torch._utils._rebuild_parameter", Callable.REBUILD_PARAMETER);
        ALLOWED.put("torch.FloatStorage", new StorageType(DType.F32));
        ALLOWED.put("torch.HalfStorage", new StorageType(DType.F16));
        ALLOWED.put("torch.BFloat16Storage", new StorageType(DType.BF16));
        ALLOWED.put("torch.DoubleStorage", new StorageType(DType.F64));
        ALLOWED.put("torch.LongStorage", new StorageType(DType.I64));
        ALLOWED.put("torch.IntStorage", new StorageType(DType.I32));
        ALLOWED.put("torch.ShortStorage", new StorageType(DType.I16));
        ALLOWED.put("torch.CharStorage", new StorageType(DType.I8));
        ALLOWED.put("torch.ByteStorage", new StorageType(DType.U8));
        ALLOWED.put("torch.BoolStorage", new StorageType(DType.BOOL));
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final byte[] in;
    private final String source;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] in, String source) {
        this.in = in;
        this.source = source;
    }

    /** @param source names the archive and entry in error messages */
    static Object load(byte[] pickle, String source) {
        return new RestrictedUnpickler(pickle, source).run();
    }

    private WeightsException error(String what) {
        return new WeightsException(source + ": " + what);
    }

    private Object run() {
        while (true) {
            if (pos >= in.length) throw error("pickle is truncated (no STOP opcode after " + in.length + " bytes)");
            int at = pos;
            int op = in[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) throw error("pickle protocol " + proto + " is not 2..5, as torch.save writes");
                }
                case 0x95 -> bytes(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object result = pop();
                    return result;
                }
                case '(' -> marks.push(stack.size());
                case '}' -> push(new LinkedHashMap<Object, Object>());
                case ']' -> push(new ArrayList<Object>());
                case ')' -> push(new Tuple(List.of()));
                case 0x8f -> push(new LinkedHashSet<Object>()); // EMPTY_SET
                case 't' -> push(new Tuple(popMark()));
                case 0x85 -> push(new Tuple(listOf(pop())));
                case 0x86 -> {
                    Object b = pop(), a = pop();
                    push(new Tuple(listOf(a, b)));
                }
                case 0x87 -> {
                    Object c = pop(), b = pop(), a = pop();
                    push(new Tuple(listOf(a, b, c)));
                }
                case 0x91 -> push(new LinkedHashSet<>(popMark())); // FROZENSET
                case 'q' -> memo.put((long) u8(), top());
                case 'r' -> memo.put(u32(), top());
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                case 'J' -> push((long) le(4, true));
                case 'K' -> push((long) u8());
                case 'M' -> push(le(2, false));
                case 0x8a -> push(bigInt(u8())); // LONG1
                case 0x8b -> push(bigInt(checkedLength(le(4, true)))); // LONG4
                case 'X' -> push(utf8(checkedLength(u32())));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(checkedLength(le(8, true))));
                case 'T' -> push(latin1(checkedLength(le(4, true)))); // BINSTRING (python 2 str)
                case 'U' -> push(latin1(u8()));
                case 'B' -> push(bytes(checkedLength(u32())));
                case 'C' -> push(bytes(u8()));
                case 0x8e -> push(bytes(checkedLength(le(8, true))));
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'N' -> push(null);
                case 'G' -> push(Double.longBitsToDouble(be8()));
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(), module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL at byte " + at + " expects two strings, got " + module + ", " + name);
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop(), fn = pop();
                    push(reduce(fn, args, at));
                }
                case 'Q' -> push(persistentLoad(pop(), at));
                case 's' -> {
                    Object v = pop(), k = pop();
                    dict(top(), at).put(k, v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) throw error("SETITEMS at byte " + at + " has an odd number of items");
                    Map<Object, Object> d = dict(top(), at);
                    for (int i = 0; i < items.size(); i += 2) d.put(items.get(i), items.get(i + 1));
                }
                case 'a' -> {
                    Object v = pop();
                    list(top(), at).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(top(), at).addAll(items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (!(top() instanceof Set<?>)) throw error("ADDITEMS at byte " + at + " on a non-set");
                    @SuppressWarnings("unchecked") Set<Object> s = (Set<Object>) top();
                    s.addAll(items);
                }
                case 'b' -> { // BUILD: an OrderedDict's state is its attributes (state_dict's _metadata), not items
                    pop();
                    if (!(top() instanceof Map<?, ?>)) {
                        throw error("BUILD at byte " + at + " on " + describe(top()) + ": only dicts may carry state");
                    }
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(top());
                default -> throw error(String.format(
                        "pickle opcode 0x%02x ('%s') at byte %d is not one a torch state dict uses; refusing to go on",
                        op, op >= 32 && op < 127 ? String.valueOf((char) op) : "?", at));
            }
        }
    }

    private Object global(String module, String name) {
        Object g = ALLOWED.get(module + "." + name);
        if (g == null) {
            throw error("refusing to load global " + module + "." + name + ": a state dict needs only "
                    + "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and "
                    + "torch.*Storage; this file would run other code if torch.load unpickled it");
        }
        return g;
    }

    private Object reduce(Object fn, Object args, int at) {
        if (!(fn instanceof Callable c)) {
            throw error("REDUCE at byte " + at + " calls " + describe(fn) + ", which is not callable here");
        }
        if (!(args instanceof Tuple t)) throw error("REDUCE at byte " + at + " has arguments " + describe(args));
        List<Object> a = t.items();
        return switch (c) {
            case ORDERED_DICT -> {
                if (!a.isEmpty()) throw error("OrderedDict at byte " + at + " built with arguments; expected none");
                yield new LinkedHashMap<Object, Object>();
            }
            case REBUILD_PARAMETER -> {
                if (a.size() != 3 || !(a.get(0) instanceof TensorRef)) {
                    throw error("_rebuild_parameter at byte " + at + " expects (tensor, requires_grad, hooks)");
                }
                yield a.get(0);
            }
            case REBUILD_TENSOR_V2 -> rebuildTensor(a, at);
        };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorRef rebuildTensor(List<Object> a, int at) {
        if (a.size() < 6 || a.size() > 7 || !(a.get(0) instanceof StorageRef s) || !(a.get(1) instanceof Long offset)
                || !(a.get(2) instanceof Tuple size) || !(a.get(3) instanceof Tuple stride)) {
            throw error("_rebuild_tensor_v2 at byte " + at + " expects (storage, offset, size, stride, ...), got " + a);
        }
        long[] sz = longs(size, at);
        long[] st = longs(stride, at);
        if (sz.length != st.length) {
            throw error("_rebuild_tensor_v2 at byte " + at + ": size " + size.items() + " and stride " + stride.items()
                    + " differ in rank");
        }
        return new TensorRef(s, offset, sz, st);
    }

    private long[] longs(Tuple t, int at) {
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long v)) throw error("tensor size/stride at byte " + at + " is " + t.items());
            out[i] = v;
        }
        return out;
    }

    private StorageRef persistentLoad(Object pid, int at) {
        if (pid instanceof Tuple t && t.items().size() == 5 && "storage".equals(t.items().get(0))
                && t.items().get(1) instanceof StorageType type && t.items().get(2) instanceof String key
                && t.items().get(4) instanceof Long numel && numel >= 0) {
            return new StorageRef(type.dtype(), key, numel);
        }
        throw error("persistent id at byte " + at + " is " + describe(pid)
                + ", not ('storage', torch.*Storage, key, location, numel)");
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof Callable c) return c.name();
        String s = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 80 ? s.substring(0, 80) + "..." : s);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, int at) {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw error("SETITEM(S) at byte " + at + " on " + describe(o) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, int at) {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw error("APPEND(S) at byte " + at + " on " + describe(o) + ", not a list");
    }

    private static List<Object> listOf(Object... items) {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(items)); // allows None
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size())) {
            throw error("pickle stack underflow at byte " + (pos - 1));
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty()) throw error("pickle stack empty at byte " + (pos - 1));
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw error("pickle opcode at byte " + (pos - 1) + " needs a MARK that is not there");
        int m = marks.pop();
        List<Object> sub = stack.subList(m, stack.size());
        List<Object> items = listOf(sub.toArray());
        sub.clear();
        return items;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) throw error("pickle refers to memo slot " + key + ", which was never stored");
        return memo.get(key);
    }

    private void need(long n) {
        if (n < 0 || n > in.length - pos) {
            throw error("pickle is truncated: an opcode at byte " + (pos - 1) + " needs " + n + " more bytes, "
                    + (in.length - pos) + " remain");
        }
    }

    private int checkedLength(long n) {
        need(n);
        return (int) n;
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xff;
    }

    private long u32() {
        return le(4, false);
    }

    /** Little-endian integer of n bytes (n <= 8), sign-extended if asked. */
    private long le(int n, boolean signed) {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (in[pos + i] & 0xff);
        pos += n;
        if (signed && n < 8) v = (v << (64 - 8 * n)) >> (64 - 8 * n);
        return v;
    }

    private long be8() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (in[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    private Object bigInt(int n) {
        byte[] le = bytes(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        if (v.bitLength() > 63) throw error("integer " + v + " does not fit in 64 bits");
        return v.longValue();
    }

    private byte[] bytes(int n) {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) {
        need(n);
        String s = new String(in, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    private String latin1(int n) {
        need(n);
        String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** A GLOBAL operand: text up to a newline (module and name are short; a missing newline is truncation). */
    private String line() {
        int start = pos;
        int limit = Math.min(in.length, pos + 1024);
        while (pos < limit && in[pos] != '\n') pos++;
        if (pos >= in.length) throw error("pickle is truncated inside the GLOBAL operand at byte " + start);
        if (pos >= limit) throw error("GLOBAL operand at byte " + start + " has no newline within 1024 bytes");
        String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }
}
