#!/usr/bin/env python3
"""The protocol of one tl-boost run, written as a PyTorch user would write it.

The reference that tl-boost's speed is measured against (scripts/compare_reference.py): same
data files, same train/validation split, same model, optimizer, batch size, epochs and
evaluation schedule (train and validation accuracy after every epoch, test at the end of each
stage), read from a config resolved by `tl-boost validate`. The idioms are PyTorch's own:
TensorDataset + DataLoader, model.train()/model.eval(), torch.no_grad().

    tl-boost validate configs/transferred.json > resolved.json
    python3 scripts/reference_pytorch.py resolved.json --seed 0

Prints one JSON object: per-stage metrics, target test accuracy, wall time.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
MASK64 = (1 << 64) - 1


# --- The split: tl-boost's seeded stratified hold-out, so both train on the same images. ---
def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def derive_seed(base, purpose, index=0):
    h = 0xCBF29CE484222325
    for c in purpose.encode():
        h = ((h ^ c) * 0x100000001B3) & MASK64
    return splitmix64((splitmix64(base ^ h) + index) & MASK64)


def shuffle_in_place(values, seed):
    state = seed
    for i in range(len(values), 1, -1):
        limit = MASK64 - (MASK64 % i)
        while True:
            state = (state + 0x9E3779B97F4A7C15) & MASK64
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
            r = z ^ (z >> 31)
            if r < limit:
                break
        j = r % i
        values[i - 1], values[j] = values[j], values[i - 1]


def stratified_holdout(labels, classes, fraction, max_per_class, seed):
    train, val = [], []
    for cls in classes:
        members = [int(i) for i in np.flatnonzero(labels == cls)]
        shuffle_in_place(members, derive_seed(seed, "holdout", cls))
        if max_per_class > 0:
            members = members[:max_per_class]
        n_val = min(max(int(np.floor(fraction * len(members) + 0.5)), 1), len(members) - 1)
        val += members[:n_val]
        train += members[n_val:]
    return sorted(train), sorted(val)


# --- Data ---
def read_batches(paths):
    raw = np.concatenate([np.fromfile(p, dtype=np.uint8).reshape(-1, 3073) for p in paths])
    return torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).copy()), raw[:, 0].astype(np.int64)


def stage_data(train_images, train_labels, test_images, test_labels, classes, cfg, split_seed):
    labels = [CLASSES.index(c) for c in classes]
    relabel = torch.full((10,), -1, dtype=torch.long)
    relabel[labels] = torch.arange(len(labels))
    train_idx, val_idx = stratified_holdout(train_labels, labels, cfg["data"]["validation_fraction"],
                                            cfg["data"]["max_per_class"], split_seed)
    pixels = train_images[train_idx].double() / 255
    mean = pixels.mean(dim=(0, 2, 3)).float().view(1, 3, 1, 1)
    std = pixels.std(dim=(0, 2, 3)).float().view(1, 3, 1, 1)

    def dataset(images, cifar_labels, idx):
        x = (images[idx].float() / 255 - mean) / std
        y = relabel[torch.from_numpy(cifar_labels[idx])]
        return TensorDataset(x, y)

    test_idx = np.flatnonzero(np.isin(test_labels, labels))
    return (dataset(train_images, train_labels, train_idx), dataset(train_images, train_labels, val_idx),
            dataset(test_images, test_labels, test_idx))


# --- Model ---
class ConvNet(nn.Module):
    def __init__(self, num_classes, c1, c2, k):
        super().__init__()
        self.conv1 = nn.Conv2d(3, c1, k, padding=k // 2)
        self.conv2 = nn.Conv2d(c1, c2, k, padding=k // 2)
        self.fc = nn.Linear(c2 * 8 * 8, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def evaluate(model, ds, batch_size):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for x, y in DataLoader(ds, batch_size=batch_size):
            out = model(x)
            loss += F.cross_entropy(out, y, reduction="sum").item()
            correct += (out.argmax(1) == y).sum().item()
    return loss / len(ds), correct / len(ds)


def train_stage(model, data, epochs, cfg, seed):
    t = cfg["train"]
    train_ds, val_ds, test_ds = data
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=t["lr"], momentum=t["momentum"], weight_decay=t["weight_decay"],
                          nesterov=t["nesterov"])
    loader = DataLoader(train_ds, batch_size=t["batch_size"], shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    history = []
    for epoch in range(epochs):
        start = time.perf_counter()
        model.train()
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            if not torch.isfinite(loss):
                sys.exit(f"epoch {epoch + 1}: training loss is {loss.item()}")
            loss.backward()
            opt.step()
        train_loss, train_acc = evaluate(model, train_ds, t["eval_batch_size"])
        val_loss, val_acc = evaluate(model, val_ds, t["eval_batch_size"])
        history.append({"epoch": epoch + 1, "train_loss": train_loss, "train_acc": train_acc, "val_loss": val_loss,
                        "val_acc": val_acc, "seconds": time.perf_counter() - start})
    test_loss, test_acc = evaluate(model, test_ds, t["eval_batch_size"])
    return {"epochs": history, "test_loss": test_loss, "test_acc": test_acc}


def main():
    start = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", help="a config resolved by `tl-boost validate` (every key present)")
    parser.add_argument("--seed", type=int, help="overrides the config's seed")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: the config's, 0 = every core)")
    args = parser.parse_args()
    with open(args.config) as f:
        cfg = json.load(f)
    seed = cfg["seed"] if args.seed is None else args.seed
    split_seed = cfg["data"]["split_seed"] if cfg["data"]["split_seed"] is not None else seed
    threads = args.threads if args.threads is not None else cfg["threads"]
    torch.set_num_threads(threads if threads > 0 else os.cpu_count())

    d = cfg["data"]["dir"]
    train_images, train_labels = read_batches([os.path.join(d, f"data_batch_{i}.bin") for i in range(1, 6)])
    test_images, test_labels = read_batches([os.path.join(d, "test_batch.bin")])
    m = cfg["model"]
    stages = []
    if cfg["source_classes"]:
        stages.append(("source", cfg["source_classes"], cfg["train"]["source_epochs"]))
    stages.append(("target", cfg["target_classes"], cfg["train"]["target_epochs"]))

    result = {"seed": seed, "threads": torch.get_num_threads(), "torch": torch.__version__, "stages": {}}
    previous = None
    for index, (name, classes, epochs) in enumerate(stages):
        data = stage_data(train_images, train_labels, test_images, test_labels, classes, cfg, split_seed)
        torch.manual_seed(seed * 1000 + index)
        model = ConvNet(len(classes), m["conv1_channels"], m["conv2_channels"], m["kernel_size"])
        if previous is not None:
            layers = [model.conv1, model.conv2][: cfg["transfer_layers"]]
            sources = [previous.conv1, previous.conv2]
            for layer, source in zip(layers, sources):
                layer.load_state_dict(source.state_dict())
                if cfg["freeze_transferred"]:
                    layer.requires_grad_(False)
        result["stages"][name] = train_stage(model, data, epochs, cfg, seed * 1000 + index)
        previous = model
    result["target_test_acc"] = result["stages"]["target"]["test_acc"]
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main()
