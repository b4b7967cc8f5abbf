package org.w2sg.hub;

/** Which weight files to read from a checkpoint folder; AUTO prefers safetensors and falls back to torch .bin. */
public enum WeightFormat {
    AUTO, SAFETENSORS, BIN
}
