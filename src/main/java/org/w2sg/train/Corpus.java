package org.w2sg.train;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.errors.UserException;

/**
 * The training text: every source tokenized (cached), each split into a training part and a held-out validation slice
 * at a document boundary near its end, and the mixture weights. Training windows are seqLen + 1 consecutive tokens
 * starting at multiples of seqLen (inputs and their next-token targets), across document boundaries as GPT-NeoX
 * packs them.
 */
public final class Corpus {
    /** Fraction of each source held out for validation (at least one window where the source allows). */
    public static final double VALIDATION_FRACTION = 0.01;

    public record Part(TextSource source, TokenFile tokens, double weight, long trainTokens, long validationStart) {
        public long trainWindows(int seqLen) {
            return Math.max(0, (trainTokens - 1) / seqLen);
        }

        public long validationWindows(int seqLen) {
            return Math.max(0, (tokens.size() - validationStart - 1) / seqLen);
        }
    }

    private final List<Part> parts;
    private final int seqLen;

    private Corpus(List<Part> parts, int seqLen) {
        this.parts = parts;
        this.seqLen = seqLen;
    }

    public static Corpus build(CorpusSpec spec, Path dataDir, Path cacheDir, HuggingFaceTokenizer tokenizer,
                               String tokenizerSha256, int eos, int seqLen) throws IOException {
        List<TextSource> sources = new ArrayList<>();
        for (CorpusSpec.Entry e : spec.entries()) {
            TextSource s = TextSource.open(e.source(), dataDir);
            if (s.documents().isEmpty()) throw new UserException("--corpus " + e.source() + " holds no text (no non-empty document)");
            sources.add(s);
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            TextSource s = sources.get(i);
            TokenFile tokens = TokenFile.of(cacheDir, s, tokenizer, tokenizerSha256, eos);
            long total = tokens.size();
            long validation = validationStart(tokens, eos, seqLen);
            Part p = new Part(s, tokens, spec.entries().get(i).weight(), validation, validation);
            if (p.trainWindows(seqLen) == 0) {
                throw new UserException("--corpus " + s.name() + " has " + total + " tokens, too few for one training "
                        + "sequence of --seq-len " + seqLen + " (+1 for the targets)");
            }
            parts.add(p);
        }
        if (!spec.weighted()) {
            List<Part> byTokens = new ArrayList<>();
            for (Part p : parts) byTokens.add(new Part(p.source(), p.tokens(), p.trainTokens(), p.trainTokens(), p.validationStart()));
            parts = byTokens;
        }
        double sum = parts.stream().mapToDouble(Part::weight).sum();
        List<Part> normalised = new ArrayList<>();
        for (Part p : parts) normalised.add(new Part(p.source(), p.tokens(), p.weight() / sum, p.trainTokens(), p.validationStart()));
        return new Corpus(List.copyOf(normalised), seqLen);
    }

    /**
     * Where the validation slice starts: after the last end-of-text at or before total * (1 - fraction) - seqLen,
     * so it holds whole documents and at least one window; the whole source trains when it is too small for both.
     */
    static long validationStart(TokenFile tokens, int eos, int seqLen) {
        long total = tokens.size();
        long wanted = Math.max(seqLen + 1L, (long) Math.ceil(total * VALIDATION_FRACTION));
        if (total < 2 * wanted + seqLen) return total;
        long cut = total - wanted;
        for (long i = cut; i > total / 2; i--) if (tokens.get(i - 1) == eos) return i;
        return cut;
    }

    public List<Part> parts() {
        return parts;
    }

    public int seqLen() {
        return seqLen;
    }

    /** Training and validation token counts and the files, for run.json. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Part p : parts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", p.source().name());
            m.put("kind", p.source().kind());
            m.put("content_sha256", p.source().sha256());
            m.put("documents", p.source().documents().size());
            m.put("tokens", p.tokens().size());
            m.put("train_tokens", p.trainTokens());
            m.put("validation_tokens", p.tokens().size() - p.validationStart());
            m.put("weight", p.weight());
            m.put("token_file", p.tokens().file().getFileName().toString());
            m.put("provenance", p.source().provenance());
            out.add(m);
        }
        return out;
    }
}
