//go:build ignore

// This program draws icon-192.png and icon-512.png, the PNG twins of
// icon.svg that browsers want for the web app manifest. The site must carry
// its own icons: go-app's default points at another host, which breaks
// offline use and leaks visits. Run with `go generate ./web`.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"strconv"
)

func main() {
	for _, size := range []int{192, 512} {
		if err := write(size); err != nil {
			log.Fatal(err)
		}
	}
}

func write(size int) error {
	bg := color.RGBA{0x0f, 0x4c, 0x5c, 0xff}
	paper := color.RGBA{0xf5, 0xf1, 0xe3, 0xff}
	accent := color.RGBA{0xe3, 0x64, 0x14, 0xff}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	s := float64(size) / 64 // the SVG's 64-unit grid
	fill := func(x, y, w, h float64, c color.Color) {
		for py := int(y * s); py < int((y+h)*s); py++ {
			for px := int(x * s); px < int((x+w)*s); px++ {
				img.Set(px, py, c)
			}
		}
	}
	fill(0, 0, 64, 64, bg)
	fill(8, 22, 14, 20, paper)
	fill(25, 22, 14, 20, paper)
	fill(42, 22, 14, 20, accent)
	fill(22, 30.5, 3, 3, paper)
	fill(39, 30.5, 3, 3, paper)
	f, err := os.Create("icon-" + strconv.Itoa(size) + ".png")
	if err != nil {
		return err
	}
	defer f.Close()
	return png.Encode(f, img)
}
