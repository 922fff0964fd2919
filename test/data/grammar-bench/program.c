// function 0
void fn_0(int x, int y, int z) {
    while ((27.48 < 36.31) < buf[i]) {
        int tmp = 39.22;
        i = read_value(buf[sum(50.51, 6.97)]);
        return 661;
    }
    while (sum(50.54, 43.42) * (n) - 180) {
        for (i = 0; i < 65.31 - (sum(422)); i += 1) {
            return buf[651];
            total -= 192 - i == 42.49;
            char* value = (buf[read_value()]);
        }
        if (644) {
            int b = buf[78.71 < 71.41];
            float tmp = (buf);
            int tmp = (25.45);
        }
    }
    return f(33.87, buf[buf[buf]]);
    for (i = 0; i < 14.29; i += 1) {
        if (((39.9)) + (751) < buf[buf]) {
            char* tmp = 12.57;
            count = buf[buf[318]] * i;
        }
        return 263;
    }
}

// function 1
int fn_1(char* x, float y, char* z) {
    while (total) {
        float b = buf[2 >= 29.90 / 45.24 >= i];
        count += 674 == 93.17 < total != buf[60.5];
        int a = 62.70;
    }
    int a = ((sum(n, total)));
    total += f(((75.13)), 38.59 >= (2.55));
    float tmp = buf[buf[288]] % (read_value());
    while (x_1) {
        while (20.93) {
            total -= 443;
        }
        return buf;
        if (sum()) {
            i -= ((750) == sum());
            float b = 34.56;
        }
    }
    while (read_value()) {
        i = (buf);
        char* b = (buf[45.2] - buf[x_1]);
    }
}

// function 2
float fn_2(int x) {
    total += 54.7;
    int a = f(sum(read_value(), (x_1)));
    while (((count == 46.63))) {
        total += sum(buf[buf] * 113);
        i -= 7.44 != 57.28;
    }
    while (44.74) {
        count += sum(x_1, 89.19) >= (792) + 259;
        for (i = 0; i < 16.12; i += 1) {
            return buf[buf];
            return buf[174];
        }
    }
    return sum(buf[5.98] != x_1);
    if (sum()) {
        for (i = 0; i < buf[buf[(x_1)]]; i += 1) {
            int tmp = (48.43);
        }
        while ((x_1) >= (buf)) {
            total -= total != read_value() == 23.29 == 86;
            int tmp = i;
        }
        for (i = 0; i < (10.23); i += 1) {
            int b = buf[24.46 >= 39.36 - f(59.85, total)];
        }
    }
}

// function 3
int fn_3(char* x, char* y, float z) {
    return 378;
    return 240;
    total -= buf[(read_value())];
    i += (n);
    while ((21.1)) {
        for (i = 0; i < f() != sum(read_value()); i += 1) {
            return total - n * (18.36) + (56) * (i);
            i += buf[(count)];
        }
    }
    for (i = 0; i < count; i += 1) {
        for (i = 0; i < sum(99.2, 1.24); i += 1) {
            float tmp = (sum());
            total -= 155;
        }
        for (i = 0; i < 733; i += 1) {
            return buf[f(47.65)] == buf[50.1];
            char* b = n;
        }
        while (738) {
            count += 27.14;
        }
    }
}

// function 4
float fn_4() {
    for (i = 0; i < read_value(); i += 1) {
        while (((67.58))) {
            return read_value(95, buf[f(19.22, 63.86)]);
            count = 418;
        }
        count += i == 639 % x_1 * i;
    }
    return 813;
    while (x_1) {
        if (n && read_value((64.90), 90)) {
            int tmp = buf[73];
            return read_value(36.30, 536) >= (i) == sum();
            int tmp = buf[60.48 != 83.23 - sum(492, buf)];
        }
        int tmp = buf[buf[buf[buf]]];
        count -= f(total);
    }
    if (i < read_value(42.52, total) + i % 72.82) {
        return read_value() / 10.37 * 207 % x_1 / 322;
    }
}

// function 5
float fn_5(char* x, float y) {
    while (730 && (74.8)) {
        for (i = 0; i < buf[buf[(486)]]; i += 1) {
            float tmp = f(buf[47.60]) == x_1;
            return (i) >= total * 194 + i * 415;
        }
    }
    int b = buf[(509)];
    count -= 42.69 + 50 % n % buf[11.34];
    if (91.39 / sum(77.98 >= 54.66, i == 204)) {
        return 741;
        while (buf[i] - f(16.46, read_value())) {
            return f();
        }
        if (count && (286) < buf[x_1]) {
            return (total);
        }
    }
    if (((42.69)) / sum(x_1) - n % 502) {
        float b = buf;
    }
}
